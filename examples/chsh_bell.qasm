// One round of the CHSH game on a pre-shared Bell pair (qubit 0 of A, qubit 0 of B), inputs x = y = 0:
// Alice measures Z, Bob (Z + X)/sqrt2. No communication at all:
//   dqml distribute examples/chsh_bell.qasm --processors A:0,B:1 --scheme bell:1
// Expected: P(a = b) = cos^2(pi/8) = 0.8536 (the quantum winning probability; classical at most 0.75).
OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[2];
ry(-pi/4) q[1];
measure q[0] -> c[0];
measure q[1] -> c[1];
