// Ripple-carry adder of Cuccaro, Draper, Kutin and Moulton (quant-ph/0410184), 4-bit version.
// It computes b := a + b (mod 16) in place and writes the carry-out into cout.
//
// Inputs (q[0]-style least significant bit first):  a = 11 (binary 1011), b = 13 (binary 1101).
// Expected result: a + b = 24 = binary 11000, deterministic:
//   creg s     = 1000  (24 mod 16 = 8, read from b)
//   creg carry = 1
// As a counts key (clbit 0 rightmost; s is bits 0-3, carry is bit 4): "11000".
OPENQASM 2.0;
include "qelib1.inc";

// MAJ: leaves the majority of (cin, y, x) in x, the partial sums in cin and y.
gate majority cin, y, x
{
  cx x, y;
  cx x, cin;
  ccx cin, y, x;
}

// UMA (2-CNOT version): undoes majority and leaves the sum bit in y.
gate unmaj cin, y, x
{
  ccx cin, y, x;
  cx x, cin;
  cx cin, y;
}

qreg cin[1];
qreg a[4];
qreg b[4];
qreg cout[1];
creg s[4];
creg carry[1];

// a = 1011
x a[0];
x a[1];
x a[3];
// b = 1101
x b[0];
x b[2];
x b[3];
barrier a, b;

// carry chain up ...
majority cin[0], b[0], a[0];
majority a[0], b[1], a[1];
majority a[1], b[2], a[2];
majority a[2], b[3], a[3];
cx a[3], cout[0];
// ... and back down, writing the sum into b
unmaj a[2], b[3], a[3];
unmaj a[1], b[2], a[2];
unmaj a[0], b[1], a[1];
unmaj cin[0], b[0], a[0];
barrier cin, a, b, cout;

measure b -> s;
measure cout[0] -> carry[0];
