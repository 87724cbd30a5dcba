using Dqml.Circuits.OpenQasm;

namespace Dqml.Circuits.Tests.OpenQasm;

public sealed class QasmParserErrorTests
{
    private const string File = "test.qasm";

    // Two header lines: the program proper starts on line 3.
    private const string Header = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n";

    private static QasmParseException AssertError(string source, int line, int column, params string[] fragments)
    {
        var ex = Assert.Throws<QasmParseException>(() => QasmParser.Parse(source, File));
        Assert.Equal(File, ex.File);
        Assert.True(line == ex.Line && column == ex.Column, $"expected {line}:{column}, got {ex.Line}:{ex.Column}: {ex.Message}");
        Assert.StartsWith($"{File}:{line}:{column}: ", ex.Message, StringComparison.Ordinal);
        foreach (var f in fragments)
        {
            Assert.Contains(f, ex.Message, StringComparison.Ordinal);
        }

        return ex;
    }

    [Fact]
    public void Parse_MissingHeader_ReportsExpectedHeader()
        => AssertError("include \"qelib1.inc\";\nqreg q[1];\n", 1, 1, "expected the header 'OPENQASM 2.0;'", "found 'include'");

    [Fact]
    public void Parse_UnsupportedVersion_ReportsVersion()
        => AssertError("OPENQASM 3.0;\nqubit q;\n", 1, 10, "unsupported OpenQASM version 3.0");

    [Fact]
    public void Parse_UnknownGate_NamesTheGate()
        => AssertError(Header + "qreg q[2];\nh q[0];\n  foo q[1];\n", 5, 3, "unknown gate 'foo'");

    [Fact]
    public void Parse_Qelib1GateWithoutInclude_SuggestsTheInclude()
        => AssertError("OPENQASM 2.0;\nqreg q[1];\nh q[0];\n", 3, 1, "unknown gate 'h'", "include \"qelib1.inc\"");

    [Fact]
    public void Parse_WrongNumberOfQubitArguments_SaysExpectedAndGiven()
        => AssertError(Header + "qreg q[3];\ncx q[0];\n", 4, 1, "gate 'cx' takes 2 qubit argument(s) but was given 1");

    [Fact]
    public void Parse_WrongNumberOfQubitArgumentsForUserGate_SaysExpectedAndGiven()
        => AssertError(Header + "gate g a, b { cx a, b; }\nqreg q[3];\ng q[0], q[1], q[2];\n", 5, 1, "gate 'g' takes 2 qubit argument(s) but was given 3");

    [Fact]
    public void Parse_WrongNumberOfParameters_SaysExpectedAndGiven()
        => AssertError(Header + "qreg q[1];\nrx(0.1, 0.2) q[0];\n", 4, 1, "gate 'rx' takes 1 parameter(s) but was given 2");

    [Fact]
    public void Parse_MissingParameters_SaysExpectedAndGiven()
        => AssertError(Header + "qreg q[1];\nu3 q[0];\n", 4, 1, "gate 'u3' takes 3 parameter(s) but was given 0");

    [Fact]
    public void Parse_IndexOutOfRange_SaysRegisterSize()
        => AssertError(Header + "qreg q[3];\nx q[5];\n", 4, 5, "index 5 is out of range", "q[3]", "size 3");

    [Fact]
    public void Parse_ClassicalIndexOutOfRange_SaysRegisterSize()
        => AssertError(Header + "qreg q[3];\ncreg c[2];\nmeasure q[0] -> c[2];\n", 5, 19, "index 2 is out of range", "creg c[2]");

    [Fact]
    public void Parse_UndeclaredRegister_NamesIt()
        => AssertError(Header + "qreg q[2];\ncx q[0], r[1];\n", 4, 10, "undeclared quantum register 'r'");

    [Fact]
    public void Parse_DuplicateRegister_PointsAtTheSecondDeclaration()
        => AssertError(Header + "qreg q[2];\ncreg q[2];\n", 4, 6, "register 'q' is already declared", "qreg q[2] at test.qasm:3:6");

    [Fact]
    public void Parse_MissingSemicolon_PointsAtTheNextToken()
        => AssertError(Header + "qreg q[2];\nh q[0]\ncx q[0], q[1];\n", 5, 1, "expected ';'", "found 'cx'");

    [Fact]
    public void Parse_MissingSemicolonAfterDeclaration_PointsAtTheNextToken()
        => AssertError(Header + "qreg q[2]\nh q[0];\n", 4, 1, "expected ';' after qreg q[2]", "found 'h'");

    [Fact]
    public void Parse_UnexpectedToken_SaysWhatWasExpected()
        => AssertError(Header + "qreg q[2;\n", 3, 9, "expected ']'", "found ';'");

    [Fact]
    public void Parse_UnexpectedTokenAtStatementStart_ListsStatements()
        => AssertError(Header + "qreg q[2];\n[0];\n", 4, 1, "expected a statement", "found '['");

    [Fact]
    public void Parse_UnexpectedCharacter_ShowsIt()
        => AssertError(Header + "qreg q[2];\nh q[0] @;\n", 4, 8, "unexpected character '@'");

    [Fact]
    public void Parse_RegisterSizeMismatchInBroadcast_GivesBothSizes()
        => AssertError(Header + "qreg q[3];\nqreg r[2];\ncx q, r;\n", 5, 7, "register size mismatch", "'r' has size 2", "'q' has size 3");

    [Fact]
    public void Parse_MeasureSizeMismatch_GivesBothSizes()
        => AssertError(Header + "qreg q[3];\ncreg c[2];\nmeasure q -> c;\n", 5, 14, "register size mismatch", "size 3", "size 2");

    [Fact]
    public void Parse_SameQubitTwice_PointsAtTheRepeat()
        => AssertError(Header + "qreg q[3];\ncx q[1], q[1];\n", 4, 10, "qubit q[1] is used twice in one 'cx' call");

    [Fact]
    public void Parse_SameQubitTwiceThroughBroadcast_SaysWhichElement()
        => AssertError(Header + "qreg q[3];\ncx q[1], q;\n", 4, 10, "qubit q[1] is used twice", "broadcast element 1");

    [Fact]
    public void Parse_SameQubitTwiceInGateBody_PointsAtTheRepeat()
        => AssertError(Header + "gate g a, b {\n  cx a, a;\n}\n", 4, 9, "qubit 'a' is used twice in one 'cx' call");

    [Fact]
    public void Parse_UnterminatedGateBody_PointsAtEndOfFileAndTheOpeningBrace()
        => AssertError(Header + "gate g a\n{\n  h a;\n", 6, 1, "unterminated body of gate 'g'", "opened at line 4, column 1", "expected '}'");

    [Fact]
    public void Parse_GateBodyRunningIntoNextStatement_ReportsMissingBrace()
        => AssertError(Header + "gate g a {\n  h a;\nqreg q[1];\n", 5, 1, "'qreg' is not allowed in the body of gate 'g'", "missing '}'");

    [Fact]
    public void Parse_OpaqueGateUsed_SaysItCannotBeSimulated()
        => AssertError(Header + "opaque magic(t) a;\nqreg q[1];\nmagic(0.1) q[0];\n", 5, 1, "opaque gate 'magic' has no definition and cannot be simulated", "declared at test.qasm:3:8");

    [Fact]
    public void Parse_OpaqueGateUsedInGateBody_PointsAtTheUse()
        => AssertError(Header + "opaque magic a;\ngate g a { h a; magic a; }\n", 4, 17, "opaque gate 'magic' has no definition and cannot be simulated");

    [Fact]
    public void Parse_IfOnUndeclaredCreg_NamesIt()
        => AssertError(Header + "qreg q[1];\ncreg c[1];\nif(d==1) x q[0];\n", 5, 4, "undeclared classical register 'd'");

    [Fact]
    public void Parse_IfOnQuantumRegister_SaysItMustBeClassical()
        => AssertError(Header + "qreg q[1];\nif(q==1) x q[0];\n", 4, 4, "'q' is a quantum register", "classical");

    [Fact]
    public void Parse_IfValueTooLargeForRegister_SaysTheMaximum()
        => AssertError(Header + "qreg q[1];\ncreg c[2];\nif(c==4) x q[0];\n", 5, 7, "value 4 does not fit in creg c[2]", "at most 3");

    [Fact]
    public void Parse_IfFollowedByBarrier_IsRejected()
        => AssertError(Header + "qreg q[1];\ncreg c[1];\nif(c==1) barrier q;\n", 5, 10, "'barrier' cannot be conditioned");

    [Fact]
    public void Parse_RedefinedUserGate_PointsAtTheFirstDefinition()
        => AssertError(Header + "gate g a { h a; }\ngate g a { x a; }\n", 4, 6, "gate 'g' is already defined at test.qasm:3:6");

    [Fact]
    public void Parse_RedefinedQelib1Gate_SaysItComesFromQelib1()
        => AssertError(Header + "gate h a { U(pi/2, 0, pi) a; }\n", 3, 6, "gate 'h' is already defined (in qelib1.inc)");

    [Fact]
    public void Parse_RedefinedBuiltin_SaysItIsBuiltin()
        => AssertError("OPENQASM 2.0;\ngate CX a, b { }\n", 2, 6, "gate 'CX' is already defined (builtin)");

    [Fact]
    public void Parse_GateCallingItself_IsRejected()
        => AssertError(Header + "gate g a { g a; }\n", 3, 12, "gate 'g' cannot call itself");

    [Fact]
    public void Parse_IndexedArgumentInGateBody_IsRejected()
        => AssertError(Header + "gate g a { h a[0]; }\n", 3, 15, "cannot be indexed");

    [Fact]
    public void Parse_UnknownQubitInGateBody_ListsTheArguments()
        => AssertError(Header + "gate g a, b { h c; }\n", 3, 17, "unknown qubit 'c' in the body of gate 'g'", "a, b");

    [Fact]
    public void Parse_UnknownIdentifierInGateBodyParameter_ListsTheParameters()
        => AssertError(Header + "gate g(theta) a { rx(phi) a; }\n", 3, 22, "unknown identifier 'phi'", "theta");

    [Fact]
    public void Parse_SymbolInTopLevelParameter_SaysParametersMustBeConstant()
        => AssertError(Header + "qreg q[1];\nrx(theta) q[0];\n", 4, 4, "unknown identifier 'theta'", "must be constants");

    [Fact]
    public void Parse_NonFiniteParameter_IsRejected()
        => AssertError(Header + "qreg q[1];\nrx(1/0) q[0];\n", 4, 4, "evaluates to", "finite");

    [Fact]
    public void Parse_QuantumRegisterAsMeasureTarget_SaysClassicalExpected()
        => AssertError(Header + "qreg q[2];\nmeasure q[0] -> q[1];\n", 4, 17, "'q' is a quantum register", "expected a classical register");

    [Fact]
    public void Parse_MissingArrowInMeasure_SaysArrowExpected()
        => AssertError(Header + "qreg q[1];\ncreg c[1];\nmeasure q[0] c[0];\n", 5, 14, "expected '->'");

    [Fact]
    public void Parse_ZeroSizeRegister_IsRejected()
        => AssertError(Header + "qreg q[0];\n", 3, 8, "at least 1 qubit");

    [Fact]
    public void Parse_ReservedWordAsRegisterName_IsRejected()
        => AssertError(Header + "qreg measure[2];\n", 3, 6, "'measure' is a reserved word");

    [Fact]
    public void Parse_UnterminatedBlockComment_PointsAtItsStart()
        => AssertError(Header + "qreg q[1];\n  /* never closed\nh q[0];\n", 4, 3, "unterminated '/*' comment");

    [Fact]
    public void Parse_SecondHeader_IsRejected()
        => AssertError(Header + "OPENQASM 2.0;\n", 3, 1, "'OPENQASM' header may appear only once");

    [Fact]
    public void Parse_MissingIncludeFile_SaysWhereItLooked()
    {
        string dir = QasmParserTests.CreateTempDirectory();
        try
        {
            var ex = Assert.Throws<QasmParseException>(() => QasmParser.Parse(Header + "include \"nothere.inc\";\n", File, dir));
            Assert.Equal((File, 3, 9), (ex.File, ex.Line, ex.Column));
            Assert.Contains("cannot find include file", ex.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(dir, "nothere.inc"), ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Parse_ErrorInIncludedFile_NamesTheIncludedFile()
    {
        string dir = QasmParserTests.CreateTempDirectory();
        try
        {
            System.IO.File.WriteAllText(Path.Combine(dir, "lib.inc"), "// helpers\ngate good a { h a; }\ngate bad a { frobnicate a; }\n");
            var ex = Assert.Throws<QasmParseException>(() => QasmParser.Parse(Header + "include \"lib.inc\";\n", File, dir));
            Assert.Equal(Path.Combine(dir, "lib.inc"), ex.File);
            Assert.Equal((3, 14), (ex.Line, ex.Column));
            Assert.Contains("unknown gate 'frobnicate'", ex.Message, StringComparison.Ordinal);
            Assert.StartsWith(Path.Combine(dir, "lib.inc") + ":3:14: ", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Parse_IncludeCycle_IsReportedWithTheChain()
    {
        string dir = QasmParserTests.CreateTempDirectory();
        try
        {
            System.IO.File.WriteAllText(Path.Combine(dir, "a.inc"), "include \"b.inc\";\n");
            System.IO.File.WriteAllText(Path.Combine(dir, "b.inc"), "gate g a { h a; }\ninclude \"a.inc\";\n");
            var ex = Assert.Throws<QasmParseException>(() => QasmParser.Parse(Header + "include \"a.inc\";\n", File, dir));
            Assert.Equal(Path.Combine(dir, "b.inc"), ex.File);
            Assert.Equal((2, 9), (ex.Line, ex.Column));
            Assert.Contains("include cycle", ex.Message, StringComparison.Ordinal);
            Assert.Contains("a.inc -> ", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ParseFile_SelfInclude_IsAnIncludeCycle()
    {
        string dir = QasmParserTests.CreateTempDirectory();
        try
        {
            string path = Path.Combine(dir, "self.qasm");
            System.IO.File.WriteAllText(path, "OPENQASM 2.0;\ninclude \"self.qasm\";\n");
            var ex = Assert.Throws<QasmParseException>(() => QasmParser.ParseFile(path));
            Assert.Equal((path, 2, 9), (ex.File, ex.Line, ex.Column));
            Assert.Contains("include cycle", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ParseFile_MissingFile_ThrowsQasmParseExceptionWithThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "dqml-definitely-missing-" + Guid.NewGuid().ToString("N") + ".qasm");
        var ex = Assert.Throws<QasmParseException>(() => QasmParser.ParseFile(path));
        Assert.Equal(path, ex.File);
        Assert.Equal((1, 1), (ex.Line, ex.Column));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(ex.InnerException);
    }
}
