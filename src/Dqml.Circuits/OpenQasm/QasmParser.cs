using System.Collections.Frozen;
using System.Collections.Immutable;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;

namespace Dqml.Circuits.OpenQasm;

/// <summary>
/// Reads OpenQASM 2.0 programs into <see cref="Circuit"/>s.
/// </summary>
/// <remarks>
/// <para><b>Language.</b> The full OpenQASM 2.0 language: the <c>OPENQASM 2.0;</c> header (required),
/// <c>include</c>, <c>qreg</c>/<c>creg</c> (any number; circuit index = register offset + index, offsets in
/// declaration order), user <c>gate</c> definitions (inlined at each call with the actual parameters
/// substituted), <c>measure</c>, <c>reset</c>, <c>barrier</c>, <c>if(creg==n)</c>, register broadcasting, and
/// parameter expressions with <c>+ - * / ^</c>, unary minus, <c>pi</c> and <c>sin cos tan exp ln sqrt</c>.
/// <c>//</c> and <c>/* */</c> comments are skipped.</para>
/// <para><b>qelib1.inc</b> is built in and never read from disk: <c>include "qelib1.inc";</c> makes every
/// gate of <see cref="StandardGates.ByName"/> available (the qelib1 gates and the extras rzx, ryy, iswap,
/// ecr, dcx, ccz, cs, csdg). The builtins <c>U</c> and <c>CX</c> are always available. Redefining a qelib1
/// gate is an error; a user definition of one of the extras (as Qiskit's exporter writes) replaces it
/// for the rest of the program. Other includes are read relative to the including file's directory
/// (for the top-level source: <c>baseDirectory</c>, or the current directory when null).</para>
/// <para><b>opaque</b> declarations are accepted; <em>using</em> an opaque gate (at top level or in a gate
/// body) is an error, since it has no definition to simulate.</para>
/// <para>A <c>barrier</c> inside a user gate body becomes a barrier on the mapped qubits; when the gate
/// is called under <c>if</c>, that barrier is emitted unconditioned (a barrier has no effect on the state).</para>
/// </remarks>
public static class QasmParser
{
    /// <summary>Parses OpenQASM 2.0 source text.</summary>
    /// <param name="source">The program text.</param>
    /// <param name="fileName">The name used in error messages.</param>
    /// <param name="baseDirectory">Directory for resolving <c>include</c> files other than qelib1.inc (current directory when null).</param>
    /// <returns>The circuit, with the program's registers.</returns>
    /// <exception cref="QasmParseException">The program is invalid; the message gives file, line, column and what was expected.</exception>
    public static Circuit Parse(string source, string fileName = "<input>", string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(fileName);
        var state = new QasmProgram();
        string dir = baseDirectory ?? Directory.GetCurrentDirectory();
        new QasmFileParser(state, source, fileName, dir, topLevel: true).ParseProgram();
        return state.Build();
    }

    /// <summary>Reads and parses an OpenQASM 2.0 file; includes are resolved relative to its directory.</summary>
    /// <param name="path">The file path.</param>
    /// <exception cref="QasmParseException">The file cannot be read (line 1, column 1) or the program is invalid.</exception>
    public static Circuit ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new QasmParseException(path, 1, 1, $"cannot read OpenQASM file: invalid path ({e.Message})", e);
        }

        string text = ReadSource(full, path, reader: null);
        var state = new QasmProgram();
        state.IncludeStack.Add((full, path));
        string dir = Path.GetDirectoryName(full) ?? Directory.GetCurrentDirectory();
        new QasmFileParser(state, text, path, dir, topLevel: true).ParseProgram();
        return state.Build();
    }

    /// <summary>Reads a file, turning I/O failures into a <see cref="QasmParseException"/>.</summary>
    /// <param name="full">Full path.</param>
    /// <param name="shown">Path as shown in the message.</param>
    /// <param name="reader">Where an include is read: (file, line, column) of the include's file name; null for the top-level file.</param>
    internal static string ReadSource(string full, string shown, (string File, int Line, int Column)? reader)
    {
        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            string what = reader is null
                ? $"cannot read OpenQASM file '{shown}': the file does not exist (looked for {full})"
                : $"cannot find include file '{shown}' (looked for {full})";
            throw reader is { } r
                ? new QasmParseException(r.File, r.Line, r.Column, what, e)
                : new QasmParseException(shown, 1, 1, what, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            string what = reader is null
                ? $"cannot read OpenQASM file '{shown}': {e.Message}"
                : $"cannot read include file '{shown}': {e.Message}";
            throw reader is { } r
                ? new QasmParseException(r.File, r.Line, r.Column, what, e)
                : new QasmParseException(shown, 1, 1, what, e);
        }
    }
}

/// <summary>A declared register and where it was declared.</summary>
internal sealed record QasmRegister(string Name, bool IsQuantum, int Offset, int Size, string File, int Line, int Column)
{
    public string Keyword => IsQuantum ? "qreg" : "creg";
}

/// <summary>A gate name in scope.</summary>
internal abstract class GateSymbol(string name, int numParameters, int numQubits)
{
    public string Name { get; } = name;

    public int NumParameters { get; } = numParameters;

    public int NumQubits { get; } = numQubits;
}

/// <summary>A catalog gate (builtin or from qelib1.inc).</summary>
internal sealed class CatalogGateSymbol(GateDefinition definition)
    : GateSymbol(definition.Name, definition.NumParameters, definition.NumQubits)
{
    public GateDefinition Definition { get; } = definition;

    /// <summary>Shared parameterless gate (saves an allocation per call).</summary>
    public Gate? Fixed { get; } = definition.NumParameters == 0 ? new Gate(definition) : null;
}

/// <summary>A user <c>gate</c> definition.</summary>
internal sealed class UserGateSymbol(string name, string[] parameters, int numQubits, List<BodyOp> body, string file, int line, int column)
    : GateSymbol(name, parameters.Length, numQubits)
{
    public string[] ParameterNames { get; } = parameters;

    public List<BodyOp> Body { get; } = body;

    public string Where { get; } = $"{file}:{line}:{column}";
}

/// <summary>An <c>opaque</c> declaration (no body; cannot be used).</summary>
internal sealed class OpaqueGateSymbol(string name, int numParameters, int numQubits, string file, int line, int column)
    : GateSymbol(name, numParameters, numQubits)
{
    public string Where { get; } = $"{file}:{line}:{column}";
}

/// <summary>A statement of a gate body.</summary>
internal abstract record BodyOp(int[] Args);

/// <summary>A gate call in a body: parameters reference the formal parameters as symbols; args index the formal qubits.</summary>
internal sealed record BodyCall(GateSymbol Gate, ParamExpr[] Parameters, int[] Args) : BodyOp(Args);

/// <summary>A barrier in a body.</summary>
internal sealed record BodyBarrier(int[] Args) : BodyOp(Args);

/// <summary>Formal parameter values during the expansion of a user gate.</summary>
internal sealed class FormalValues(string[] names, double[] values) : IParameterSource
{
    public bool TryGetValue(Symbol symbol, out double value)
    {
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i] == symbol.Name)
            {
                value = values[i];
                return true;
            }
        }

        value = 0;
        return false;
    }
}

/// <summary>State shared by a program and the files it includes.</summary>
internal sealed class QasmProgram
{
    /// <summary>The qelib1.inc gate names (the rest of the catalog are extras a user may redefine).</summary>
    internal static readonly FrozenSet<string> Qelib1Names = FrozenSet.Create(
        StringComparer.Ordinal,
        "u3", "u2", "u1", "cx", "id", "u0", "u", "p", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "rx", "ry", "rz",
        "sx", "sxdg", "cz", "cy", "swap", "ch", "ccx", "cswap", "crx", "cry", "crz", "cu1", "cp", "cu3", "csx", "cu",
        "rxx", "rzz", "rccx", "rc3x", "c3x", "c3sqrtx", "c4x");

    public QasmProgram()
    {
        Gates["U"] = new CatalogGateSymbol(StandardGates.U);
        Gates["CX"] = new CatalogGateSymbol(StandardGates.CX);
    }

    public Dictionary<string, QasmRegister> Registers { get; } = new(StringComparer.Ordinal);

    public List<Register> QuantumRegisters { get; } = [];

    public List<Register> ClassicalRegisters { get; } = [];

    public int NumQubits { get; set; }

    public int NumClbits { get; set; }

    public Dictionary<string, GateSymbol> Gates { get; } = new(StringComparer.Ordinal);

    public bool Qelib1Included { get; set; }

    public List<Instruction> Instructions { get; } = new(256);

    /// <summary>Full paths and shown names of the files being parsed (for include cycles).</summary>
    public List<(string Full, string Shown)> IncludeStack { get; } = [];

    public Circuit Build() => new(NumQubits, NumClbits, Instructions, QuantumRegisters, ClassicalRegisters);
}

/// <summary>Recursive-descent parser for one file (the top-level program or an included file).</summary>
internal sealed class QasmFileParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "OPENQASM", "include", "qreg", "creg", "gate", "opaque", "measure", "reset", "barrier", "if", "pi",
        "sin", "cos", "tan", "exp", "ln", "sqrt",
    };

    private readonly QasmProgram _program;
    private readonly List<Token> _tokens;
    private readonly string _file;
    private readonly string _directory;
    private readonly bool _topLevel;
    private int _pos;

    public QasmFileParser(QasmProgram program, string source, string file, string directory, bool topLevel)
    {
        _program = program;
        _file = file;
        _directory = directory;
        _topLevel = topLevel;
        _tokens = QasmLexer.Tokenize(source, file);
    }

    /// <summary>A top-level qubit or bit argument: a whole register (Index = -1) or one element.</summary>
    private readonly record struct Arg(Token At, QasmRegister Register, int Index)
    {
        public bool IsWhole => Index < 0;

        public int Global(int element) => Register.Offset + (Index >= 0 ? Index : element);
    }

    public void ParseProgram()
    {
        ParseHeader();
        while (Peek.Kind != TokenKind.EndOfFile)
        {
            ParseStatement();
        }
    }

    // ------------------------------------------------------------------ token helpers

    private Token Peek => _tokens[_pos];

    private Token Next() => _tokens[_pos < _tokens.Count - 1 ? _pos++ : _pos];

    private QasmParseException Error(Token at, string detail) => new(_file, at.Line, at.Column, detail);

    private Token Expect(string symbol, string context)
    {
        var t = Peek;
        if (!t.Is(symbol))
        {
            throw Error(t, $"expected '{symbol}' {context}, found {t.Describe()}");
        }

        return Next();
    }

    private void ExpectSemicolon(string after)
    {
        var t = Peek;
        if (!t.Is(";"))
        {
            throw Error(t, $"expected ';' after {after}, found {t.Describe()} (missing semicolon?)");
        }

        Next();
    }

    private Token ExpectIdentifier(string what)
    {
        var t = Peek;
        if (t.Kind != TokenKind.Identifier)
        {
            throw Error(t, $"expected {what}, found {t.Describe()}");
        }

        return Next();
    }

    private Token ExpectName(string what)
    {
        var t = ExpectIdentifier(what);
        if (Reserved.Contains(t.Text))
        {
            throw Error(t, $"'{t.Text}' is a reserved word and cannot be used as {what}");
        }

        return t;
    }

    private int ExpectNonNegativeInt(string what)
    {
        var t = Peek;
        if (t.Kind != TokenKind.Integer)
        {
            throw Error(t, $"expected {what} (a non-negative integer), found {t.Describe()}");
        }

        Next();
        if (!int.TryParse(t.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v))
        {
            throw Error(t, $"{what} {t.Text} is too large");
        }

        return v;
    }

    // ------------------------------------------------------------------ statements

    private void ParseHeader()
    {
        var t = Peek;
        if (!t.IsKeyword("OPENQASM"))
        {
            if (_topLevel)
            {
                throw Error(t, $"expected the header 'OPENQASM 2.0;' at the start of the program, found {t.Describe()}");
            }

            return; // included files may omit the header
        }

        Next();
        var v = Peek;
        if (v.Kind is not (TokenKind.Real or TokenKind.Integer))
        {
            throw Error(v, $"expected a version number after 'OPENQASM', found {v.Describe()}");
        }

        Next();
        if (v.Text is not ("2.0" or "2"))
        {
            throw Error(v, $"unsupported OpenQASM version {v.Text}: this parser reads OpenQASM 2.0");
        }

        ExpectSemicolon("'OPENQASM 2.0'");
    }

    private void ParseStatement()
    {
        var t = Peek;
        if (t.Is(";"))
        {
            Next(); // an empty statement
            return;
        }

        if (t.Kind != TokenKind.Identifier)
        {
            throw Error(t, $"expected a statement (gate call, qreg, creg, gate, opaque, measure, reset, barrier, if or include), found {t.Describe()}");
        }

        switch (t.Text)
        {
            case "OPENQASM":
                throw Error(t, "the 'OPENQASM' header may appear only once, at the start of the file");
            case "include":
                ParseInclude();
                break;
            case "qreg":
            case "creg":
                ParseRegister();
                break;
            case "gate":
                ParseGateDefinition();
                break;
            case "opaque":
                ParseOpaque();
                break;
            case "measure":
                ParseMeasure(null);
                break;
            case "reset":
                ParseReset(null);
                break;
            case "barrier":
                ParseBarrier();
                break;
            case "if":
                ParseIf();
                break;
            default:
                ParseGateCall(null);
                break;
        }
    }

    private void ParseInclude()
    {
        Next();
        var name = Peek;
        if (name.Kind != TokenKind.String)
        {
            throw Error(name, $"expected a file name in double quotes after 'include', found {name.Describe()}");
        }

        Next();
        ExpectSemicolon($"include \"{name.Text}\"");
        if (name.Text == "qelib1.inc")
        {
            IncludeQelib1(name);
            return;
        }

        if (name.Text.Length == 0)
        {
            throw Error(name, "empty include file name");
        }

        string path = Path.IsPathRooted(name.Text) ? name.Text : Path.Combine(_directory, name.Text);
        string full = Path.GetFullPath(path);
        var stack = _program.IncludeStack;
        foreach (var (f, _) in stack)
        {
            if (string.Equals(f, full, StringComparison.Ordinal))
            {
                string chain = string.Join(" -> ", stack.Select(s => s.Shown).Append(path));
                throw Error(name, $"include cycle: {chain}");
            }
        }

        string text = QasmParser.ReadSource(full, path, (_file, name.Line, name.Column));
        stack.Add((full, path));
        new QasmFileParser(_program, text, path, Path.GetDirectoryName(full) ?? _directory, topLevel: false).ParseProgram();
        stack.RemoveAt(stack.Count - 1);
    }

    private void IncludeQelib1(Token at)
    {
        if (_program.Qelib1Included)
        {
            return;
        }

        foreach (var (name, def) in StandardGates.ByName)
        {
            if (name is "U" or "CX")
            {
                continue;
            }

            if (_program.Gates.TryGetValue(name, out var existing))
            {
                if (!QasmProgram.Qelib1Names.Contains(name))
                {
                    continue; // the user's definition of an extra gate wins
                }

                throw Error(at, $"qelib1.inc defines gate '{name}', which is already defined{DefinedAt(name, existing)}");
            }

            _program.Gates[name] = new CatalogGateSymbol(def);
        }

        _program.Qelib1Included = true;
    }

    private static string DefinedAt(string name, GateSymbol g) => g switch
    {
        UserGateSymbol u => $" at {u.Where}",
        OpaqueGateSymbol o => $" (opaque) at {o.Where}",
        _ when name is "U" or "CX" => " (builtin)",
        _ => " (in qelib1.inc)",
    };

    private void ParseRegister()
    {
        var kw = Next();
        bool quantum = kw.Text == "qreg";
        var id = ExpectName("a register name");
        Expect("[", $"after the register name '{id.Text}'");
        var sizeTok = Peek;
        int size = ExpectNonNegativeInt("the register size");
        if (size < 1)
        {
            throw Error(sizeTok, $"register '{id.Text}' must have at least 1 {(quantum ? "qubit" : "bit")}, found size {size}");
        }

        Expect("]", $"after the size of register '{id.Text}'");
        ExpectSemicolon($"{kw.Text} {id.Text}[{size}]");
        if (_program.Registers.TryGetValue(id.Text, out var old))
        {
            throw Error(id, $"register '{id.Text}' is already declared ({old.Keyword} {old.Name}[{old.Size}] at {old.File}:{old.Line}:{old.Column})");
        }

        int offset = quantum ? _program.NumQubits : _program.NumClbits;
        if ((long)offset + size > int.MaxValue)
        {
            throw Error(sizeTok, "too many qubits or bits in total");
        }

        _program.Registers[id.Text] = new QasmRegister(id.Text, quantum, offset, size, _file, id.Line, id.Column);
        if (quantum)
        {
            _program.QuantumRegisters.Add(new Register(id.Text, offset, size));
            _program.NumQubits += size;
        }
        else
        {
            _program.ClassicalRegisters.Add(new Register(id.Text, offset, size));
            _program.NumClbits += size;
        }
    }

    private void CheckNewGateName(Token id)
    {
        if (_program.Gates.TryGetValue(id.Text, out var existing))
        {
            bool shadowableExtra = existing is CatalogGateSymbol && id.Text is not ("U" or "CX") && !QasmProgram.Qelib1Names.Contains(id.Text);
            if (!shadowableExtra)
            {
                throw Error(id, $"gate '{id.Text}' is already defined{DefinedAt(id.Text, existing)}; a gate cannot be redefined");
            }
        }
    }

    private List<Token> ParseNameList(string what, string context)
    {
        var list = new List<Token>();
        while (true)
        {
            var t = ExpectName(what);
            foreach (var p in list)
            {
                if (p.Text == t.Text)
                {
                    throw Error(t, $"'{t.Text}' appears twice in {context}");
                }
            }

            list.Add(t);
            if (!Peek.Is(","))
            {
                return list;
            }

            Next();
        }
    }

    private (Token Name, List<Token> Params, List<Token> Args) ParseGateSignature(string keyword)
    {
        var id = ExpectName("a gate name");
        CheckNewGateName(id);
        var ps = new List<Token>();
        if (Peek.Is("("))
        {
            Next();
            if (!Peek.Is(")"))
            {
                ps = ParseNameList("a parameter name", $"the parameters of {keyword} '{id.Text}'");
            }

            Expect(")", $"to close the parameter list of {keyword} '{id.Text}'");
        }

        var args = ParseNameList("a qubit argument name", $"the qubit arguments of {keyword} '{id.Text}'");
        foreach (var a in args)
        {
            if (ps.Any(p => p.Text == a.Text))
            {
                throw Error(a, $"'{a.Text}' is both a parameter and a qubit argument of {keyword} '{id.Text}'");
            }
        }

        return (id, ps, args);
    }

    private void ParseOpaque()
    {
        Next();
        var (id, ps, args) = ParseGateSignature("opaque gate");
        ExpectSemicolon($"the declaration of opaque gate '{id.Text}'");
        _program.Gates[id.Text] = new OpaqueGateSymbol(id.Text, ps.Count, args.Count, _file, id.Line, id.Column);
    }

    private void ParseGateDefinition()
    {
        Next();
        var (id, ps, args) = ParseGateSignature("gate");
        string gateName = id.Text;
        string[] paramNames = [.. ps.Select(p => p.Text)];
        string[] argNames = [.. args.Select(a => a.Text)];
        var open = Expect("{", $"to start the body of gate '{gateName}'");
        string opened = $"opened at line {open.Line}, column {open.Column}";
        var body = new List<BodyOp>();
        while (true)
        {
            var t = Peek;
            if (t.Is("}"))
            {
                Next();
                break;
            }

            if (t.Kind == TokenKind.EndOfFile)
            {
                throw Error(t, $"unterminated body of gate '{gateName}' ({opened}): expected '}}' before end of file");
            }

            if (t.Is(";"))
            {
                Next();
                continue;
            }

            if (t.Kind != TokenKind.Identifier)
            {
                throw Error(t, $"expected a gate call, 'barrier' or '}}' in the body of gate '{gateName}' ({opened}), found {t.Describe()}");
            }

            if (t.Text is "gate" or "opaque" or "qreg" or "creg" or "include" or "measure" or "reset" or "if" or "OPENQASM")
            {
                throw Error(t, $"'{t.Text}' is not allowed in the body of gate '{gateName}' ({opened}): expected a gate call, 'barrier' or '}}' (missing '}}'?)");
            }

            if (t.Text == "barrier")
            {
                Next();
                var qs = ParseBodyArgs(gateName, argNames, "barrier", expected: -1);
                ExpectSemicolon("the arguments of 'barrier'");
                body.Add(new BodyBarrier(qs));
                continue;
            }

            body.Add(ParseBodyCall(gateName, paramNames, argNames));
        }

        _program.Gates[gateName] = new UserGateSymbol(gateName, paramNames, argNames.Length, body, _file, id.Line, id.Column);
    }

    private BodyCall ParseBodyCall(string gateName, string[] paramNames, string[] argNames)
    {
        var nameTok = Next();
        GateSymbol g;
        if (nameTok.Text == gateName)
        {
            throw Error(nameTok, $"gate '{gateName}' cannot call itself (recursive gate definitions are not allowed)");
        }

        g = LookupGate(nameTok);
        var ps = ParseCallParameters(nameTok, paramNames);
        var qs = ParseBodyArgs(gateName, argNames, nameTok.Text, g.NumQubits, nameTok);
        ExpectSemicolon($"the arguments of '{nameTok.Text}'");
        CheckParameterCount(nameTok, g, ps.Count);
        return new BodyCall(g, [.. ps.Select(p => p.Expr)], qs);
    }

    private int[] ParseBodyArgs(string gateName, string[] argNames, string callee, int expected, Token calleeTok = default)
    {
        var list = new List<int>();
        var toks = new List<Token>();
        while (true)
        {
            var t = ExpectIdentifier($"a qubit argument of gate '{gateName}'");
            int k = Array.IndexOf(argNames, t.Text);
            if (k < 0)
            {
                throw Error(t, $"unknown qubit '{t.Text}' in the body of gate '{gateName}': expected one of its arguments ({string.Join(", ", argNames)})");
            }

            if (Peek.Is("["))
            {
                throw Error(Peek, $"qubit arguments inside the body of gate '{gateName}' cannot be indexed: expected ',' or ';' after '{t.Text}'");
            }

            int dup = list.IndexOf(k);
            if (dup >= 0)
            {
                if (expected < 0)
                {
                    // barrier: repeated qubits are harmless, keep the first
                }
                else
                {
                    throw Error(t, $"qubit '{t.Text}' is used twice in one '{callee}' call (each qubit argument must be distinct)");
                }
            }
            else
            {
                list.Add(k);
            }

            toks.Add(t);
            if (!Peek.Is(","))
            {
                break;
            }

            Next();
        }

        if (expected >= 0 && toks.Count != expected)
        {
            throw Error(calleeTok, $"gate '{callee}' takes {expected} qubit argument(s) but was given {toks.Count}");
        }

        return [.. list];
    }

    private GateSymbol LookupGate(Token nameTok)
    {
        if (!_program.Gates.TryGetValue(nameTok.Text, out var g))
        {
            if (!_program.Qelib1Included && StandardGates.ByName.ContainsKey(nameTok.Text))
            {
                throw Error(nameTok, $"unknown gate '{nameTok.Text}': it is a qelib1.inc gate, add 'include \"qelib1.inc\";' after the header");
            }

            string hint = _program.Registers.ContainsKey(nameTok.Text) ? $" ('{nameTok.Text}' is a register)" : "";
            throw Error(nameTok, $"unknown gate '{nameTok.Text}'{hint}: expected a gate defined earlier, a qelib1.inc gate, U or CX");
        }

        if (g is OpaqueGateSymbol o)
        {
            throw Error(nameTok, $"opaque gate '{o.Name}' has no definition and cannot be simulated (declared at {o.Where})");
        }

        return g;
    }

    private void CheckParameterCount(Token nameTok, GateSymbol g, int given)
    {
        if (given != g.NumParameters)
        {
            throw Error(nameTok, $"gate '{nameTok.Text}' takes {g.NumParameters} parameter(s) but was given {given}");
        }
    }

    private List<(ParamExpr Expr, Token At)> ParseCallParameters(Token nameTok, string[]? formals)
    {
        var list = new List<(ParamExpr, Token)>();
        if (!Peek.Is("("))
        {
            return list;
        }

        Next();
        if (Peek.Is(")"))
        {
            Next();
            return list;
        }

        while (true)
        {
            var at = Peek;
            list.Add((ParseSum(formals), at));
            if (Peek.Is(","))
            {
                Next();
                continue;
            }

            Expect(")", $"or ',' in the parameters of '{nameTok.Text}'");
            return list;
        }
    }

    // ------------------------------------------------------------------ top-level operations

    private Arg ParseArg(bool quantum)
    {
        string kind = quantum ? "quantum" : "classical";
        var id = ExpectIdentifier($"a {kind} register name");
        if (!_program.Registers.TryGetValue(id.Text, out var reg))
        {
            throw Error(id, $"undeclared {kind} register '{id.Text}'");
        }

        if (reg.IsQuantum != quantum)
        {
            throw Error(id, $"'{id.Text}' is a {(reg.IsQuantum ? "quantum" : "classical")} register ({reg.Keyword} {reg.Name}[{reg.Size}]): expected a {kind} register");
        }

        if (!Peek.Is("["))
        {
            return new Arg(id, reg, -1);
        }

        Next();
        var idxTok = Peek;
        if (idxTok.Kind != TokenKind.Integer)
        {
            throw Error(idxTok, $"expected an index into {reg.Keyword} '{reg.Name}' (a non-negative integer), found {idxTok.Describe()}");
        }

        Next();
        if (!int.TryParse(idxTok.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            index = int.MaxValue;
        }

        if (index >= reg.Size)
        {
            throw Error(idxTok, $"index {idxTok.Text} is out of range for {reg.Keyword} {reg.Name}[{reg.Size}]: register '{reg.Name}' has size {reg.Size} (valid indices 0 to {reg.Size - 1})");
        }

        Expect("]", $"after the index into '{reg.Name}'");
        return new Arg(id, reg, index);
    }

    private List<Arg> ParseArgList(bool quantum)
    {
        var list = new List<Arg>(4);
        while (true)
        {
            list.Add(ParseArg(quantum));
            if (!Peek.Is(","))
            {
                return list;
            }

            Next();
        }
    }

    /// <summary>The broadcast length of the arguments (1 when all are indexed); errors on size mismatch.</summary>
    private int BroadcastLength(List<Arg> args, string what)
    {
        Arg? first = null;
        foreach (var a in args)
        {
            if (!a.IsWhole)
            {
                continue;
            }

            if (first is null)
            {
                first = a;
            }
            else if (a.Register.Size != first.Value.Register.Size)
            {
                var f = first.Value.Register;
                throw Error(a.At, $"register size mismatch in broadcast of {what}: '{a.Register.Name}' has size {a.Register.Size} but '{f.Name}' has size {f.Size}");
            }
        }

        return first?.Register.Size ?? 1;
    }

    private void Add(Instruction instruction, Condition? condition)
        => _program.Instructions.Add(condition is null ? instruction : new Conditioned(condition, instruction));

    private void ParseGateCall(Condition? condition)
    {
        var nameTok = Next();
        var g = LookupGate(nameTok);
        var ps = ParseCallParameters(nameTok, formals: null);
        var args = ParseArgList(quantum: true);
        ExpectSemicolon($"the arguments of '{nameTok.Text}'");
        CheckParameterCount(nameTok, g, ps.Count);
        if (args.Count != g.NumQubits)
        {
            throw Error(nameTok, $"gate '{nameTok.Text}' takes {g.NumQubits} qubit argument(s) but was given {args.Count}");
        }

        var values = new double[ps.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ps[i].Expr.Evaluate(null);
            if (!double.IsFinite(values[i]))
            {
                throw Error(ps[i].At, $"parameter {i + 1} of '{nameTok.Text}' evaluates to {values[i]}: expected a finite number");
            }
        }

        int n = BroadcastLength(args, $"'{nameTok.Text}'");
        for (int e = 0; e < n; e++)
        {
            var qubits = new int[args.Count];
            for (int j = 0; j < qubits.Length; j++)
            {
                qubits[j] = args[j].Global(e);
                for (int k = 0; k < j; k++)
                {
                    if (qubits[k] == qubits[j])
                    {
                        var a = args[j];
                        string element = n > 1 ? $" (broadcast element {e})" : "";
                        throw Error(a.At, $"qubit {a.Register.Name}[{qubits[j] - a.Register.Offset}] is used twice in one '{nameTok.Text}' call{element}: the qubit arguments of a gate must be distinct");
                    }
                }
            }

            Emit(g, values, qubits, condition, nameTok);
        }
    }

    /// <summary>Appends a gate (catalog) or its inlined body (user gate) on global qubits.</summary>
    private void Emit(GateSymbol g, double[] values, int[] qubits, Condition? condition, Token at)
    {
        switch (g)
        {
            case CatalogGateSymbol c:
                Gate gate;
                if (c.Fixed is not null)
                {
                    gate = c.Fixed;
                }
                else
                {
                    var ps = new ParamExpr[values.Length];
                    for (int i = 0; i < ps.Length; i++)
                    {
                        if (!double.IsFinite(values[i]))
                        {
                            throw Error(at, $"a parameter of '{c.Name}' in the expansion of '{at.Text}' evaluates to {values[i]}: expected a finite number");
                        }

                        ps[i] = new ConstantExpr(values[i]);
                    }

                    gate = new Gate(c.Definition, ImmutableArray.Create(ps));
                }

                Add(new GateOperation(gate, ImmutableArray.Create(qubits)), condition);
                break;
            case UserGateSymbol u:
                var formals = new FormalValues(u.ParameterNames, values);
                foreach (var op in u.Body)
                {
                    var mapped = new int[op.Args.Length];
                    for (int i = 0; i < mapped.Length; i++)
                    {
                        mapped[i] = qubits[op.Args[i]];
                    }

                    if (op is BodyCall call)
                    {
                        var inner = new double[call.Parameters.Length];
                        for (int i = 0; i < inner.Length; i++)
                        {
                            inner[i] = call.Parameters[i].Evaluate(formals);
                        }

                        Emit(call.Gate, inner, mapped, condition, at);
                    }
                    else
                    {
                        Add(new Barrier(ImmutableArray.Create(mapped)), null);
                    }
                }

                break;
            default:
                throw Error(at, $"opaque gate '{g.Name}' has no definition and cannot be simulated");
        }
    }

    private void ParseMeasure(Condition? condition)
    {
        Next();
        var q = ParseArg(quantum: true);
        Expect("->", "after the qubit of 'measure'");
        var c = ParseArg(quantum: false);
        ExpectSemicolon("the arguments of 'measure'");
        if (q.IsWhole != c.IsWhole)
        {
            var whole = q.IsWhole ? q : c;
            throw Error(whole.At, $"measure: '{whole.Register.Name}' is a whole register but the other argument is a single {(q.IsWhole ? "bit" : "qubit")}: expected two whole registers of equal size or two indexed elements");
        }

        if (q.IsWhole && q.Register.Size != c.Register.Size)
        {
            throw Error(c.At, $"register size mismatch in broadcast of 'measure': qreg '{q.Register.Name}' has size {q.Register.Size} but creg '{c.Register.Name}' has size {c.Register.Size}");
        }

        int n = q.IsWhole ? q.Register.Size : 1;
        for (int e = 0; e < n; e++)
        {
            Add(new Measurement(q.Global(e), c.Global(e)), condition);
        }
    }

    private void ParseReset(Condition? condition)
    {
        Next();
        var q = ParseArg(quantum: true);
        ExpectSemicolon("the argument of 'reset'");
        int n = q.IsWhole ? q.Register.Size : 1;
        for (int e = 0; e < n; e++)
        {
            Add(new Reset(q.Global(e)), condition);
        }
    }

    private void ParseBarrier()
    {
        Next();
        var args = ParseArgList(quantum: true);
        ExpectSemicolon("the arguments of 'barrier'");
        var qubits = new List<int>();
        var seen = new HashSet<int>();
        foreach (var a in args)
        {
            int n = a.IsWhole ? a.Register.Size : 1;
            for (int e = 0; e < n; e++)
            {
                int q = a.Global(e);
                if (seen.Add(q))
                {
                    qubits.Add(q);
                }
            }
        }

        Add(new Barrier([.. qubits]), null);
    }

    private void ParseIf()
    {
        Next();
        Expect("(", "after 'if'");
        var id = ExpectIdentifier("a classical register name in the 'if' condition");
        if (!_program.Registers.TryGetValue(id.Text, out var reg))
        {
            throw Error(id, $"undeclared classical register '{id.Text}' in the 'if' condition");
        }

        if (reg.IsQuantum)
        {
            throw Error(id, $"'{id.Text}' is a quantum register ({reg.Keyword} {reg.Name}[{reg.Size}]): 'if' compares a classical register");
        }

        Expect("==", $"after '{id.Text}' in the 'if' condition");
        var vt = Peek;
        if (vt.Kind != TokenKind.Integer)
        {
            throw Error(vt, $"expected a non-negative integer after '==', found {vt.Describe()}");
        }

        Next();
        if (!ulong.TryParse(vt.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong value))
        {
            throw Error(vt, $"value {vt.Text} is too large for a condition (at most 64 bits)");
        }

        Expect(")", "to close the 'if' condition");
        if (reg.Size > 64)
        {
            throw Error(id, $"creg '{reg.Name}' has {reg.Size} bits: an 'if' condition can compare at most 64");
        }

        if (reg.Size < 64 && value >> reg.Size != 0)
        {
            throw Error(vt, $"value {value} does not fit in creg {reg.Name}[{reg.Size}] (at most {(1UL << reg.Size) - 1})");
        }

        var condition = new RegisterCondition([.. Enumerable.Range(reg.Offset, reg.Size)], value, reg.Name);
        var t = Peek;
        if (t.Kind != TokenKind.Identifier)
        {
            throw Error(t, $"expected a gate call, 'measure' or 'reset' after 'if(...)', found {t.Describe()}");
        }

        switch (t.Text)
        {
            case "measure":
                ParseMeasure(condition);
                break;
            case "reset":
                ParseReset(condition);
                break;
            case "barrier" or "if" or "gate" or "opaque" or "qreg" or "creg" or "include" or "OPENQASM":
                throw Error(t, $"'{t.Text}' cannot be conditioned: expected a gate call, 'measure' or 'reset' after 'if(...)'");
            default:
                ParseGateCall(condition);
                break;
        }
    }

    // ------------------------------------------------------------------ parameter expressions

    // sum := product (('+' | '-') product)*
    private ParamExpr ParseSum(string[]? formals)
    {
        var e = ParseProduct(formals);
        while (true)
        {
            if (Peek.Is("+"))
            {
                Next();
                e = ParamExpr.Simplify(BinaryOp.Add, e, ParseProduct(formals));
            }
            else if (Peek.Is("-"))
            {
                Next();
                e = ParamExpr.Simplify(BinaryOp.Subtract, e, ParseProduct(formals));
            }
            else
            {
                return e;
            }
        }
    }

    // product := unary (('*' | '/') unary)*
    private ParamExpr ParseProduct(string[]? formals)
    {
        var e = ParseUnary(formals);
        while (true)
        {
            if (Peek.Is("*"))
            {
                Next();
                e = ParamExpr.Simplify(BinaryOp.Multiply, e, ParseUnary(formals));
            }
            else if (Peek.Is("/"))
            {
                Next();
                e = ParamExpr.Simplify(BinaryOp.Divide, e, ParseUnary(formals));
            }
            else
            {
                return e;
            }
        }
    }

    // unary := ('-' | '+') unary | atom ('^' unary)?      (so -a^b = -(a^b) and a^b^c = a^(b^c))
    private ParamExpr ParseUnary(string[]? formals)
    {
        if (Peek.Is("-"))
        {
            Next();
            var operand = ParseUnary(formals);
            return operand is ConstantExpr c ? new ConstantExpr(-c.Number) : new NegateExpr(operand);
        }

        if (Peek.Is("+"))
        {
            Next();
            return ParseUnary(formals);
        }

        var b = ParseAtom(formals);
        if (Peek.Is("^"))
        {
            Next();
            return ParamExpr.Simplify(BinaryOp.Power, b, ParseUnary(formals));
        }

        return b;
    }

    private ParamExpr ParseAtom(string[]? formals)
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Integer:
            case TokenKind.Real:
                Next();
                if (!double.TryParse(t.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v))
                {
                    throw Error(t, $"invalid number '{t.Text}'");
                }

                return new ConstantExpr(v);
            case TokenKind.Symbol when t.Text == "(":
                Next();
                var inner = ParseSum(formals);
                Expect(")", "to close the parenthesized expression");
                return inner;
            case TokenKind.Identifier:
                Next();
                if (t.Text == "pi")
                {
                    return ParamExpr.Pi;
                }

                if (FunctionExpr.TryParseName(t.Text, out var f))
                {
                    Expect("(", $"after the function '{t.Text}'");
                    var arg = ParseSum(formals);
                    Expect(")", $"to close the argument of '{t.Text}'");
                    return arg is ConstantExpr k ? new ConstantExpr(FunctionExpr.Apply(f, k.Number)) : new FunctionExpr(f, arg);
                }

                if (formals is not null && Array.IndexOf(formals, t.Text) >= 0)
                {
                    return new SymbolExpr(new Symbol(t.Text, SymbolKind.Trainable));
                }

                if (formals is null)
                {
                    throw Error(t, $"unknown identifier '{t.Text}' in a parameter expression: outside a gate body parameters must be constants (numbers, pi, sin, cos, tan, exp, ln, sqrt)");
                }

                string known = formals.Length == 0 ? "the gate has no parameters" : $"the gate's parameters are {string.Join(", ", formals)}";
                throw Error(t, $"unknown identifier '{t.Text}' in a parameter expression ({known})");
            default:
                throw Error(t, $"expected a number, 'pi', a function call, a parameter or '(' in the parameter expression, found {t.Describe()}");
        }
    }
}
