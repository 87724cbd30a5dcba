// Quantum teleportation of the one-qubit state u3(1.2, 0.4, -0.3)|0> from q[0] to q[2],
// with classically controlled corrections.
// After the corrections q[2] is rotated back with the inverse gate, so
// expected: c2 == 0 in every shot (c0 and c1 are uniformly random).
OPENQASM 2.0;
include "qelib1.inc";

qreg q[3];
creg c0[1];
creg c1[1];
creg c2[1];

// the state to send
u3(1.2,0.4,-0.3) q[0];
barrier q;

// shared Bell pair between q[1] (sender) and q[2] (receiver)
h q[1];
cx q[1],q[2];
barrier q;

// Bell-basis measurement of q[0], q[1]
cx q[0],q[1];
h q[0];
measure q[0] -> c0[0];
measure q[1] -> c1[0];

// corrections on the receiver
if(c0==1) z q[2];
if(c1==1) x q[2];

// check: undo the preparation (u3(t,p,l)^-1 = u3(-t,-l,-p)); q[2] is back in |0>
u3(-1.2,0.3,-0.4) q[2];
measure q[2] -> c2[0];
