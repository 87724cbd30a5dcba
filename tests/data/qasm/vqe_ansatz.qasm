// Hardware-efficient VQE ansatz on 6 qubits: 3 layers of ry and rz rotations on every qubit,
// each followed by a linear cz entangling ladder, and a final ry layer. Angles are numeric
// literals (an optimized parameter vector, as emitted by a VQE driver).
OPENQASM 2.0;
include "qelib1.inc";
qreg q[6];
creg meas[6];

// layer 1
ry(1.842175726023) q[0];
ry(2.021871385768) q[1];
ry(-0.093982536594) q[2];
ry(-1.497017087108) q[3];
ry(-3.137163230522) q[4];
ry(1.022500574910) q[5];
rz(-0.186803265635) q[0];
rz(1.631108388415) q[1];
rz(-0.796552863376) q[2];
rz(1.696478169691) q[3];
rz(-1.427456021980) q[4];
rz(1.896029234261) q[5];
cz q[0],q[1];
cz q[1],q[2];
cz q[2],q[3];
cz q[3],q[4];
cz q[4],q[5];
barrier q;
// layer 2
ry(1.443299948866) q[0];
ry(-0.540039549482) q[1];
ry(0.240556778807) q[2];
ry(1.143284935293) q[3];
ry(-1.928054980202) q[4];
ry(0.336703239329) q[5];
rz(1.916179033052) q[0];
rz(-1.472527778126) q[1];
rz(1.905134144359) q[2];
rz(1.166132459591) q[3];
rz(2.162092999720) q[4];
rz(-1.032544928054) q[5];
cz q[0],q[1];
cz q[1],q[2];
cz q[2],q[3];
cz q[3],q[4];
cz q[4],q[5];
barrier q;
// layer 3
ry(-2.555114761038) q[0];
ry(1.885775480378) q[1];
ry(1.914027903475) q[2];
ry(-0.344066039371) q[3];
ry(-2.551059250049) q[4];
ry(-1.901822358663) q[5];
rz(0.847290391337) q[0];
rz(-1.311367231811) q[1];
rz(2.834622463635) q[2];
rz(0.556218324224) q[3];
rz(-1.878509271151) q[4];
rz(0.975937078384) q[5];
cz q[0],q[1];
cz q[1],q[2];
cz q[2],q[3];
cz q[3],q[4];
cz q[4],q[5];
barrier q;
// final rotation layer
ry(-0.876816329237) q[0];
ry(2.717589710873) q[1];
ry(2.571730351870) q[2];
ry(0.092009292666) q[3];
ry(0.907910971431) q[4];
ry(1.242877015206) q[5];
barrier q;
measure q -> meas;
