// Bernstein-Vazirani with the hidden string s = 1011 (written s3 s2 s1 s0, so s0 = 1 acts on q[0]).
// The oracle computes f(x) = s.x mod 2 into an ancilla prepared in |->.
// Expected: a single query returns s: creg c reads 1011 with probability 1 (counts key "1011").
OPENQASM 2.0;
include "qelib1.inc";

qreg q[4];
qreg anc[1];
creg c[4];

// ancilla in |->
x anc[0];
h anc[0];
// uniform superposition over inputs
h q;
barrier q, anc;

// oracle for s = 1011
cx q[0], anc[0];
cx q[1], anc[0];
cx q[3], anc[0];
barrier q, anc;

h q;
measure q -> c;
