// Three-qubit W state (|001> + |010> + |100>)/sqrt(3).
// ry(2 acos(1/sqrt(3))) puts amplitude sqrt(1/3) on |0> and sqrt(2/3) on |1> of q[0];
// ch splits the |1> branch, two CNOTs and an X move the single excitation into place.
// Expected: "001", "010", "100" with probability 1/3 each.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg c[3];

ry(1.9106332362490186) q[0];
ch q[0],q[1];
cx q[1],q[2];
cx q[0],q[1];
x q[0];
barrier q[0],q[1],q[2];
measure q[0] -> c[0];
measure q[1] -> c[1];
measure q[2] -> c[2];
