// Distributed quantum phase estimation: 3 counting qubits on A (q[0..2]), the eigenstate |1> of
// U = p(2 pi phi) on B (q[3]), phi = 0.625 = 0.101 in binary. The controlled powers of U cross processors.
//   dqml distribute examples/qpe_2proc.qasm --processors A:0-2,B:3 --scheme qc:telegate
// Expected: the counting register reads 101 (q2 q1 q0) with certainty: P(basis 1101) = 1 (q3 = 1).
OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
x q[3];
h q[0];
h q[1];
h q[2];
cp(2*pi*0.625) q[0], q[3];
cp(4*pi*0.625) q[1], q[3];
cp(8*pi*0.625) q[2], q[3];
// inverse QFT on q[0..2] (q[0] least significant)
swap q[0], q[2];
h q[0];
cp(-pi/2) q[0], q[1];
h q[1];
cp(-pi/4) q[0], q[2];
cp(-pi/2) q[1], q[2];
h q[2];
