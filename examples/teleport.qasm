// Teleportation between two processors: A holds the message (q[0]) and its half of the pair (q[1]);
// B holds the other half (q[2]). The pair is distributed over the link (the cx q[1],q[2] crosses it),
// then only classical bits go from A to B:
//   dqml distribute examples/teleport.qasm --processors A:0-1,B:2 --scheme qc:direct
// Expected: qubit 2 ends in RY(1.1)|0> whatever the measurements: P(q2 = 1) = sin^2(0.55) = 0.2730;
// ledger: 2 classical bits, 1 communication round.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg m0[1];
creg m1[1];
ry(1.1) q[0];
h q[1];
cx q[1], q[2];
cx q[0], q[1];
h q[0];
measure q[0] -> m0[0];
measure q[1] -> m1[0];
if(m1==1) x q[2];
if(m0==1) z q[2];
