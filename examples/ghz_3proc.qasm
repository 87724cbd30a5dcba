// A GHZ state across three processors, one qubit each:
//   dqml distribute examples/ghz_3proc.qasm --processors A:0,B:1,C:2 --scheme qc:telegate
// Expected: P(000) = P(111) = 0.5. Ledger: 2 ebits, 4 classical bits.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
h q[0];
cx q[0], q[1];
cx q[1], q[2];
