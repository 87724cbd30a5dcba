namespace Dqml.Cli.Tests;

/// <summary>Small OpenQASM 2 programs used by the CLI tests.</summary>
internal static class Qasm
{
    public const string Bell = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        cx q[0],q[1];
        measure q -> c;
        """;

    public const string BellNoMeasure = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        h q[0];
        cx q[0],q[1];
        """;

    /// <summary>Teleports RZ(0.4) RY(1.1)|0&gt; from q[0] to q[2] with mid-circuit measurement and if().</summary>
    public const string TeleportIf = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[3];
        creg c0[1];
        creg c1[1];
        ry(1.1) q[0];
        rz(0.4) q[0];
        h q[1];
        cx q[1],q[2];
        cx q[0],q[1];
        h q[0];
        measure q[0] -> c0[0];
        measure q[1] -> c1[0];
        if(c1==1) x q[2];
        if(c0==1) z q[2];
        """;

    /// <summary>A syntax error on line 4 (unclosed bracket).</summary>
    public const string Broken = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        h q[0;
        """;
}
