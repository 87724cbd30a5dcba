// Mid-circuit measurement, reset and classical feed-forward (repeat-until-success style).
// Round 1: a coin flip on q[0]; if it came out 1, flip q[0] back, so q[0] is |0> either way.
// Round 2: q[1] is reset for reuse, then q[0], q[1] are prepared in a Bell state.
// Round 3: after measuring the Bell pair, both qubits are reset and q[1] is corrected
//          from the parity register.
// Expected: out is "00" or "11" (probability 1/2 each), never "01" or "10"; fix is always 0.
OPENQASM 2.0;
include "qelib1.inc";

qreg q[2];
creg c[1];
creg out[2];
creg fix[1];

// round 1: random bit, then conditional correction
h q[0];
measure q[0] -> c[0];
if(c==1) x q[0];

// round 2: Bell pair on a reset ancilla
reset q[1];
h q[0];
cx q[0],q[1];
barrier q;
measure q[0] -> out[0];
measure q[1] -> out[1];

// round 3: reuse both qubits; x q[1] only when the pair was measured as 11, then undo it
reset q;
if(out==3) x q[1];
if(out==3) x q[1];
measure q[1] -> fix[0];
