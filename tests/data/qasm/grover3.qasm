// Grover search over 3 qubits (N = 8) for the single marked item |101> (q[2] q[1] q[0]).
// Two iterations (the optimum for N = 8, M = 1).
// Expected: outcome "101" with probability sin^2(5 asin(1/sqrt(8))) = 0.9453125,
// each other outcome 0.0078125.
OPENQASM 2.0;
include "qelib1.inc";

// Phase oracle: flips the sign of |c b a> = |101>  (CCZ conjugated by X on b).
gate oracle a, b, c
{
  x b;
  h c;
  ccx a, b, c;
  h c;
  x b;
}

// Inversion about the mean: H^3 (2|0><0| - I) H^3, up to a global phase.
gate diffusion a, b, c
{
  h a; h b; h c;
  x a; x b; x c;
  h c;
  ccx a, b, c;
  h c;
  x a; x b; x c;
  h a; h b; h c;
}

qreg q[3];
creg c[3];

h q;
barrier q;
// iteration 1
oracle q[0], q[1], q[2];
diffusion q[0], q[1], q[2];
barrier q;
// iteration 2
oracle q[0], q[1], q[2];
diffusion q[0], q[1], q[2];
barrier q;
measure q -> c;
