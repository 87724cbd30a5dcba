// QAOA, depth p = 2, for MaxCut on the 5-node ring 0-1-2-3-4-0.
// Cost layer exp(-i gamma sum_(ij) Z_i Z_j), mixer exp(-i beta sum_i X_i).
// Angles: gamma1 = 0.52, beta1 = 0.38, gamma2 = 0.91, beta2 = 0.21.
// Layer 1 builds each ZZ term from cx-rz-cx (a user gate); layer 2 uses rzz directly.
OPENQASM 2.0;
include "qelib1.inc";

// exp(-i gamma Z_a Z_b) = rzz(2 gamma)
gate zz_phase(gamma) a, b
{
  cx a, b;
  rz(2*gamma) b;
  cx a, b;
}

qreg q[5];
creg c[5];

// |+>^5
h q;
barrier q;

// --- layer 1: cost
zz_phase(0.52) q[0], q[1];
zz_phase(0.52) q[1], q[2];
zz_phase(0.52) q[2], q[3];
zz_phase(0.52) q[3], q[4];
zz_phase(0.52) q[4], q[0];
// --- layer 1: mixer rx(2 beta1)
rx(2*0.38) q;
barrier q;

// --- layer 2: cost
rzz(2*0.91) q[0], q[1];
rzz(2*0.91) q[1], q[2];
rzz(2*0.91) q[2], q[3];
rzz(2*0.91) q[3], q[4];
rzz(2*0.91) q[4], q[0];
// --- layer 2: mixer
rx(0.42) q;
barrier q;

measure q -> c;
