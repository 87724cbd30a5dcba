// Quantum Fourier transform on 4 qubits, applied to the basis state |0101> (= 5; q[0] is the
// least significant bit).
// Expected: QFT|5> = 1/4 sum_k exp(2 pi i 5 k / 16) |k>, so each of the 16 outcomes has
// probability 1/16.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
creg c[4];

// input state |0101>
x q[0];
x q[2];
barrier q;

// QFT, most significant qubit first
h q[3];
cu1(pi/2) q[2],q[3];
cu1(pi/4) q[1],q[3];
cu1(pi/8) q[0],q[3];
h q[2];
cu1(pi/2) q[1],q[2];
cu1(pi/4) q[0],q[2];
h q[1];
cu1(pi/2) q[0],q[1];
h q[0];

// bit reversal
swap q[0],q[3];
swap q[1],q[2];
barrier q;

measure q -> c;
