using System.Text;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.OpenQasm;
using Dqml.Circuits.Parameters;
using static Dqml.Circuits.Tests.OpenQasm.QasmTestSupport;

namespace Dqml.Circuits.Tests.OpenQasm;

public sealed class QasmParserTests
{
    private const string Header = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n";

    [Fact]
    public void Parse_BellProgram_MatchesBuilder()
    {
        var c = QasmParser.Parse(Header + "qreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q[0] -> c[0];\nmeasure q[1] -> c[1];\n");
        var expected = new CircuitBuilder(2, 2).H(0).CX(0, 1).Measure(0, 0).Measure(1, 1).Build();
        AssertSameInstructions(expected, c);
        Assert.Equal([new Register("q", 0, 2)], c.QuantumRegisters.ToArray());
        Assert.Equal([new Register("c", 0, 2)], c.ClassicalRegisters.ToArray());
    }

    [Fact]
    public void Parse_MultipleRegisters_IndicesAreOffsetsInDeclarationOrder()
    {
        var c = QasmParser.Parse(Header + """
            qreg a[2];
            creg ca[2];
            qreg b[3];
            creg cb[3];
            x b[1];
            cx a[1], b[2];
            measure b[2] -> cb[0];
            measure a[0] -> ca[1];
            """);
        Assert.Equal(5, c.NumQubits);
        Assert.Equal(5, c.NumClbits);
        Assert.Equal([new Register("a", 0, 2), new Register("b", 2, 3)], c.QuantumRegisters.ToArray());
        Assert.Equal([new Register("ca", 0, 2), new Register("cb", 2, 3)], c.ClassicalRegisters.ToArray());
        var expected = new CircuitBuilder(5, 5).X(3).CX(1, 4).Measure(4, 2).Measure(0, 1).Build();
        AssertSameInstructions(expected, c);
    }

    [Fact]
    public void Parse_BroadcastOneQubitGateOverRegister_OneInstructionPerQubit()
    {
        var c = QasmParser.Parse(Header + "qreg p[1];\nqreg q[3];\nh q;\nrz(0.5) q;\n");
        var expected = new CircuitBuilder(4).H(1).H(2).H(3).RZ(0.5, 1).RZ(0.5, 2).RZ(0.5, 3).Build();
        AssertSameInstructions(expected, c);
    }

    [Fact]
    public void Parse_BroadcastTwoRegistersOfEqualSize_PairsElements()
    {
        var c = QasmParser.Parse(Header + "qreg q[3];\nqreg r[3];\ncx q, r;\n");
        var expected = new CircuitBuilder(6).CX(0, 3).CX(1, 4).CX(2, 5).Build();
        AssertSameInstructions(expected, c);
    }

    [Fact]
    public void Parse_BroadcastMixedRegisterAndIndexedArguments_FixesTheIndexedOne()
    {
        var c = QasmParser.Parse(Header + "qreg q[1];\nqreg r[3];\nqreg s[3];\ncx q[0], r;\nccx r, q[0], s;\n");
        var expected = new CircuitBuilder(7).CX(0, 1).CX(0, 2).CX(0, 3).CCX(1, 0, 4).CCX(2, 0, 5).CCX(3, 0, 6).Build();
        AssertSameInstructions(expected, c);
    }

    [Fact]
    public void Parse_MeasureAndResetWholeRegisters_Broadcast()
    {
        var c = QasmParser.Parse(Header + "qreg q[3];\ncreg x[1];\ncreg c[3];\nreset q;\nmeasure q -> c;\nmeasure q[1] -> x[0];\n");
        var expected = new CircuitBuilder(3, 4).Reset(0).Reset(1).Reset(2).Measure(0, 1).Measure(1, 2).Measure(2, 3).Measure(1, 0).Build();
        AssertSameInstructions(expected, c);
    }

    [Fact]
    public void Parse_BarrierOnRegistersAndElements_SingleBarrierWithDistinctQubits()
    {
        var c = QasmParser.Parse(Header + "qreg q[2];\nqreg r[2];\nbarrier r, q[1], r[0];\nbarrier q;\n");
        Assert.Equal(2, c.Instructions.Length);
        Assert.Equal([2, 3, 1], ((Barrier)c.Instructions[0]).Qubits.ToArray());
        Assert.Equal([0, 1], ((Barrier)c.Instructions[1]).Qubits.ToArray());
    }

    [Fact]
    public void Parse_IfOnRegister_ConditionsEveryBroadcastElementOnTheWholeRegister()
    {
        var c = QasmParser.Parse(Header + "qreg q[2];\ncreg a[1];\ncreg c[2];\nif(c==2) x q;\nif(a==1) measure q[0] -> c[1];\nif(c==0) reset q[1];\n");
        Assert.Equal(4, c.Instructions.Length);
        for (int i = 0; i < 2; i++)
        {
            var cond = Assert.IsType<Conditioned>(c.Instructions[i]);
            var rc = Assert.IsType<RegisterCondition>(cond.Condition);
            Assert.Equal([1, 2], rc.RegisterBits.ToArray());
            Assert.Equal(2UL, rc.RegisterValue);
            Assert.Equal("c", rc.RegisterName);
            Assert.Equal([i], ((GateOperation)cond.Body).Qubits.ToArray());
        }

        var m = Assert.IsType<Conditioned>(c.Instructions[2]);
        Assert.Equal(new RegisterCondition([0], 1, "a"), m.Condition);
        Assert.Equal(new Measurement(0, 2), m.Body);
        var r = Assert.IsType<Conditioned>(c.Instructions[3]);
        Assert.Equal(new Reset(1), r.Body);
        Assert.Equal(0UL, r.Condition.Value);
    }

    [Fact]
    public void Parse_UserGateWithParameters_ExpandsLikeTheBuilder()
    {
        var c = QasmParser.Parse(Header + """
            gate rot(alpha, beta) a, b
            {
              rz(alpha/2 + beta) a;
              cx a, b;
              ry(-alpha*2^2) b;
              u(sin(alpha), cos(beta)*pi, sqrt(2)*ln(exp(1))) b;
              U(0, 0, -(alpha - beta)) a;
              CX b, a;
            }
            qreg q[3];
            rot(0.3, pi/4) q[2], q[0];
            """);
        double a = 0.3, b = Math.PI / 4;
        var expected = new CircuitBuilder(3)
            .RZ((a / 2) + b, 2)
            .CX(2, 0)
            .RY(-a * 4, 0)
            .U(Math.Sin(a), Math.Cos(b) * Math.PI, Math.Sqrt(2) * Math.Log(Math.Exp(1)), 0)
            .U(0, 0, -(a - b), 2)
            .CX(0, 2)
            .Build();
        AssertSameInstructions(expected, c);
    }

    [Fact]
    public void Parse_NestedUserGates_InlineWithSubstitutedParameters()
    {
        var c = QasmParser.Parse(Header + """
            gate inner(t) x { rx(t) x; }
            gate middle(t, s) x, y { inner(t*s) y; cz x, y; inner(-t) x; }
            gate outer(t) x, y, z { middle(t, 2) x, z; middle(t + 1, t) z, y; }
            qreg q[3];
            outer(0.25) q[0], q[1], q[2];
            """);
        var expected = new CircuitBuilder(3)
            .RX(0.5, 2).CZ(0, 2).RX(-0.25, 0)
            .RX(1.25 * 0.25, 1).CZ(2, 1).RX(-1.25, 2)
            .Build();
        AssertSameInstructions(expected, c);
    }

    [Fact]
    public void Parse_UserGateAppliedWithBroadcast_ExpandsPerElement()
    {
        var c = QasmParser.Parse(Header + "gate pair a, b { h a; cx a, b; }\nqreg q[2];\nqreg r[2];\npair q, r;\n");
        var expected = new CircuitBuilder(4).H(0).CX(0, 2).H(1).CX(1, 3).Build();
        AssertSameInstructions(expected, c);
    }

    [Fact]
    public void Parse_BarrierInsideGateBody_BecomesBarrierOnMappedQubits()
    {
        var c = QasmParser.Parse(Header + "gate g a, b { h a; barrier a, b; x b; }\nqreg q[3];\ng q[2], q[0];\n");
        var expected = new CircuitBuilder(3).H(2).Barrier(2, 0).X(0).Build();
        AssertSameInstructions(expected, c);
    }

    [Fact]
    public void Parse_UserGateUnderIf_ConditionsEveryGateButNotTheBarrier()
    {
        var c = QasmParser.Parse(Header + "gate g a, b { h a; barrier a, b; cx a, b; }\nqreg q[2];\ncreg c[2];\nif(c==3) g q[0], q[1];\n");
        Assert.Equal(3, c.Instructions.Length);
        Assert.Equal("h", Assert.IsType<GateOperation>(Assert.IsType<Conditioned>(c.Instructions[0]).Body).Gate.Name);
        Assert.IsType<Barrier>(c.Instructions[1]);
        var cx = Assert.IsType<Conditioned>(c.Instructions[2]);
        Assert.Equal(3UL, cx.Condition.Value);
        Assert.Equal("cx", ((GateOperation)cx.Body).Gate.Name);
    }

    [Theory]
    [InlineData("pi/2", Math.PI / 2)]
    [InlineData("-pi", -Math.PI)]
    [InlineData("2^3^2", 512.0)]
    [InlineData("-2^2", -4.0)]
    [InlineData("2^-1", 0.5)]
    [InlineData("1.5e-3", 1.5e-3)]
    [InlineData("3E2", 300.0)]
    [InlineData("2.5E+1", 25.0)]
    [InlineData(".5", 0.5)]
    [InlineData("7.", 7.0)]
    [InlineData("(1 + 2) * 3", 9.0)]
    [InlineData("1 - 2 - 3", -4.0)]
    [InlineData("8 / 4 / 2", 1.0)]
    [InlineData("1 + 2 * 3 ^ 2", 19.0)]
    [InlineData("--0.3", 0.3)]
    [InlineData("+0.3", 0.3)]
    [InlineData("-(0.3 + 0.1)", -0.4)]
    [InlineData("3*pi/4", 3 * Math.PI / 4)]
    public void Parse_ParameterExpression_EvaluatesWithUsualPrecedence(string expr, double expected)
    {
        var c = QasmParser.Parse(Header + $"qreg q[1];\nrz({expr}) q[0];\n");
        double v = ((GateOperation)c.Instructions[0]).Gate.Parameters[0].Value;
        Assert.Equal(expected, v, 14);
    }

    [Fact]
    public void Parse_ParameterFunctions_EvaluateLikeMath()
    {
        var c = QasmParser.Parse(Header + "qreg q[1];\nu3(sin(0.3), cos(0.3) + tan(0.2), exp(0.5) * ln(2) - sqrt(3)) q[0];\n");
        var p = ((GateOperation)c.Instructions[0]).Gate.BindParameters(null);
        Assert.Equal(Math.Sin(0.3), p[0], 15);
        Assert.Equal(Math.Cos(0.3) + Math.Tan(0.2), p[1], 15);
        Assert.Equal((Math.Exp(0.5) * Math.Log(2)) - Math.Sqrt(3), p[2], 15);
        Assert.True(((GateOperation)c.Instructions[0]).Gate.Parameters.All(e => e is ConstantExpr));
    }

    [Fact]
    public void Parse_CommentsWhitespaceAndCrLf_AreIgnored()
    {
        string src = "// leading comment\r\n  OPENQASM   2.0 ;\r\n/* a block\r\n comment */ include \"qelib1.inc\";\r\n"
            + "qreg\tq[2]; // trailing\r\n\r\nh /* inline */ q [ 0 ] ;cx q[0],\r\n   q[1];\r\n// done";
        var c = QasmParser.Parse(src);
        AssertSameInstructions(new CircuitBuilder(2).H(0).CX(0, 1).Build(), c);
    }

    [Fact]
    public void Parse_Qelib1Gates_UseCatalogDefinitionsWithQelib1Semantics()
    {
        var c = QasmParser.Parse(Header + """
            qreg q[5];
            U(0.1, 0.2, 0.3) q[0];
            u(0.1, 0.2, 0.3) q[0];
            u3(0.1, 0.2, 0.3) q[0];
            u2(0.1, 0.2) q[0];
            u1(0.1) q[0];
            u0(1) q[0];
            CX q[0], q[1];
            cu1(0.4) q[0], q[1];
            cp(0.4) q[0], q[1];
            cu3(0.1, 0.2, 0.3) q[0], q[1];
            cu(0.1, 0.2, 0.3, 0.4) q[0], q[1];
            rccx q[0], q[1], q[2];
            rc3x q[0], q[1], q[2], q[3];
            c3x q[0], q[1], q[2], q[3];
            c3sqrtx q[0], q[1], q[2], q[3];
            c4x q[0], q[1], q[2], q[3], q[4];
            rzx(0.2) q[0], q[1];
            ryy(0.2) q[0], q[1];
            iswap q[0], q[1];
            ecr q[0], q[1];
            dcx q[0], q[1];
            ccz q[0], q[1], q[2];
            cs q[0], q[1];
            csdg q[0], q[1];
            """);
        GateDefinition[] expected =
        [
            StandardGates.U, StandardGates.U, StandardGates.U3, StandardGates.U2, StandardGates.U1, StandardGates.U0,
            StandardGates.CX, StandardGates.CU1, StandardGates.CP, StandardGates.CU3, StandardGates.CU,
            StandardGates.RCCX, StandardGates.RC3X, StandardGates.C3X, StandardGates.C3SX, StandardGates.C4X,
            StandardGates.RZX, StandardGates.RYY, StandardGates.ISwap, StandardGates.Ecr, StandardGates.Dcx,
            StandardGates.CCZ, StandardGates.CS, StandardGates.CSdg,
        ];
        Assert.Equal(expected.Length, c.Instructions.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Same(expected[i], ((GateOperation)c.Instructions[i]).Gate.Definition);
        }
    }

    [Fact]
    public void Parse_BuiltinsWithoutInclude_AreAvailable()
    {
        var c = QasmParser.Parse("OPENQASM 2.0;\nqreg q[2];\nU(pi/2, 0, pi) q[0];\nCX q[0], q[1];\n");
        var expected = new CircuitBuilder(2).U(Math.PI / 2, 0, Math.PI, 0).CX(0, 1).Build();
        AssertSameInstructions(expected, c);
    }

    [Fact]
    public void Parse_GatesDefinedWithoutQelib1_UseTheUserDefinitions()
    {
        var c = QasmParser.Parse("OPENQASM 2.0;\ngate h a { U(pi/2, 0, pi) a; }\ngate cx c, t { CX c, t; }\nqreg q[2];\nh q[0];\ncx q[0], q[1];\n");
        var expected = new CircuitBuilder(2).U(Math.PI / 2, 0, Math.PI, 0).CX(0, 1).Build();
        AssertSameInstructions(expected, c);
    }

    [Fact]
    public void Parse_UserDefinitionOfQiskitExtraGate_ShadowsTheCatalogGate()
    {
        // Qiskit's qasm2 exporter writes definitions for gates that are not in qelib1.inc.
        string src = Header + """
            gate rzx(param0) q0,q1 { h q1; cx q0,q1; rz(param0) q1; cx q0,q1; h q1; }
            gate ecr q0,q1 { rzx(pi/4) q0,q1; x q0; rzx(-pi/4) q0,q1; }
            qreg q[2];
            creg meas[2];
            ecr q[0],q[1];
            barrier q[0],q[1];
            measure q[0] -> meas[0];
            measure q[1] -> meas[1];
            """;
        var c = QasmParser.Parse(src);
        Assert.Equal(11, c.GateCount);
        Assert.DoesNotContain(c.Instructions, i => i is GateOperation g && g.Gate.Name is "ecr" or "rzx");
        AssertEqualUpToPhase(StandardGates.Ecr.Matrix([]), Unitary(c));
    }

    [Fact]
    public void Parse_OpaqueDeclaredButNotUsed_IsAccepted()
    {
        var c = QasmParser.Parse(Header + "opaque magic(theta) a, b;\nqreg q[2];\nh q[0];\n");
        Assert.Single(c.Instructions);
    }

    [Fact]
    public void Parse_EmptyProgram_GivesEmptyCircuit()
    {
        var c = QasmParser.Parse("OPENQASM 2.0;");
        Assert.Equal(0, c.NumQubits);
        Assert.Empty(c.Instructions);
        Assert.Empty(c.QuantumRegisters.ToArray());
    }

    [Fact]
    public void Parse_IncludeUserFile_ReadsItRelativeToBaseDirectory()
    {
        string dir = CreateTempDirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "lib"));
            File.WriteAllText(Path.Combine(dir, "mygates.inc"), "// library\ngate bell a, b { h a; cx a, b; }\ninclude \"lib/more.inc\";\n");
            File.WriteAllText(Path.Combine(dir, "lib", "more.inc"), "gate flip(t) a { rx(t) a; }\n"); // relative to lib/
            string src = Header + "include \"mygates.inc\";\nqreg q[2];\nbell q[0], q[1];\nflip(0.5) q[1];\n";
            var c = QasmParser.Parse(src, "main.qasm", dir);
            AssertSameInstructions(new CircuitBuilder(2).H(0).CX(0, 1).RX(0.5, 1).Build(), c);

            File.WriteAllText(Path.Combine(dir, "main.qasm"), src);
            AssertSameInstructions(c, QasmParser.ParseFile(Path.Combine(dir, "main.qasm")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Parse_IncludeQelib1_IsNotReadFromDisk()
    {
        string dir = CreateTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "qelib1.inc"), "this is not OpenQASM at all @@@\n");
            File.WriteAllText(Path.Combine(dir, "prog.qasm"), Header + "qreg q[1];\nh q[0];\n");
            var c = QasmParser.ParseFile(Path.Combine(dir, "prog.qasm"));
            Assert.Same(StandardGates.H, ((GateOperation)c.Instructions[0]).Gate.Definition);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Parse_IncludeQelib1Twice_IsHarmless()
    {
        var c = QasmParser.Parse(Header + "include \"qelib1.inc\";\nqreg q[1];\nx q[0];\n");
        Assert.Single(c.Instructions);
    }

    [Fact]
    public void Parse_LargeProgram_IsFastAndLinear()
    {
        var sb = new StringBuilder(Header);
        sb.Append("gate layer(t) a, b { rz(t) a; cx a, b; ry(t/2) b; }\nqreg q[20];\ncreg c[20];\n");
        for (int i = 0; i < 40_000; i++)
        {
            int a = i % 20, b = (i * 7 + 3) % 20;
            if (a == b)
            {
                b = (b + 1) % 20;
            }

            sb.Append(i % 4 == 0 ? $"layer({i * 1e-4}) q[{a}], q[{b}];\n" : i % 4 == 1 ? $"cx q[{a}],q[{b}];\n" : $"rz(pi/{(i % 7) + 1}) q[{a}];\n");
        }

        sb.Append("measure q -> c;\n");
        // Parse speed is measured in bench/ (QasmParseBenchmarks), not asserted here.
        var c = QasmParser.Parse(sb.ToString());
        Assert.Equal(60_000, c.GateCount);
        Assert.Equal(20, c.Instructions.Count(i => i is Measurement));
    }

    [Fact]
    public void ParseFile_DataFile_KeepsRegisters()
    {
        var c = QasmParser.ParseFile(DataPath("adder.qasm"));
        Assert.Equal(["cin", "a", "b", "cout"], c.QuantumRegisters.Select(r => r.Name));
        Assert.Equal([0, 1, 5, 9], c.QuantumRegisters.Select(r => r.Offset));
        Assert.Equal(["s", "carry"], c.ClassicalRegisters.Select(r => r.Name));
    }

    internal static string CreateTempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dqml-qasm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
