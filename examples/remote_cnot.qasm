// A CNOT from processor A (q[0]) to processor B (q[1]) on the input |+>|1>... any input works:
//   dqml distribute examples/remote_cnot.qasm --processors A:0,B:1 --scheme qc:telegate
// Expected: the same as the local circuit, (|01> + |11>)/sqrt2 -> P(01) = P(10) = 0.5 (q1 q0 order:
// basis "10" means q1 = 1, q0 = 0). Ledger: 1 ebit, 2 classical bits.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
h q[0];
x q[1];
cx q[0], q[1];
