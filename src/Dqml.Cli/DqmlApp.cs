using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using Dqml.Cli.Commands;
using Dqml.Cli.Output;
using Dqml.Circuits;
using Dqml.Circuits.OpenQasm;
using Dqml.Experiments;
using Dqml.Simulation;

namespace Dqml.Cli;

/// <summary>Process exit codes of <c>dqml</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command ran and printed its result.</summary>
    public const int Success = 0;

    /// <summary>Bad input (missing file, parse error, bad option value) or a failure while running.</summary>
    public const int Error = 1;

    /// <summary>The command line itself is malformed (unknown command or option, value of the wrong type).</summary>
    public const int Usage = 2;
}

/// <summary>A user-facing error: printed as one line, <c>error: message</c>, with the given exit code.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Error) : Exception(message)
{
    /// <summary>The process exit code for this error.</summary>
    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// The <c>dqml</c> command tree. <see cref="Run"/> is the whole program with injectable output, so
/// tests run it in-process and capture what it prints.
/// </summary>
public static class DqmlApp
{
    /// <summary>Environment variable that makes unexpected errors print their stack trace.</summary>
    public const string DebugVariable = "DQML_DEBUG";

    /// <summary>The version printed by <c>dqml --version</c>.</summary>
    public static string Version { get; } =
        typeof(DqmlApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(DqmlApp).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Builds the root command with all subcommands.</summary>
    public static RootCommand CreateRootCommand(TextWriter stdout)
    {
        var root = new RootCommand("dqml: distributed quantum machine learning toolkit (simulate OpenQASM 2 circuits, run the demo).");
        root.Add(SimulateCommand.Create(stdout));
        root.Add(DemoCommand.Create(stdout));
        root.Add(BenchCommand.Create(stdout));
        root.Add(DistributeCommand.Create(stdout));
        root.Add(ChshCommand.Create(stdout));
        root.Add(TrainCommand.Create(stdout));
        root.Add(FisherCommand.Create(stdout));
        root.Add(EffdimCommand.Create(stdout));
        root.Add(RunCommand.Create(stdout));
        root.Add(MergeCommand.Create(stdout));
        root.Add(ReproduceCommand.Create(stdout));
        root.Add(DrawCommand.Create(stdout));

        // The built-in action prints the entry assembly's version, which is the test host's in-process.
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
            {
                version.Action = new PrintVersionAction();
            }
        }

        return root;
    }

    /// <summary>
    /// Runs <c>dqml</c> with <paramref name="args"/>. Results go to <paramref name="stdout"/>; errors go to
    /// <paramref name="stderr"/> as exactly one line <c>error: ...</c>, never a stack trace.
    /// </summary>
    /// <returns>An exit code from <see cref="ExitCodes"/>.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var root = CreateRootCommand(stdout);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0 && parse.Action is null or ParseErrorAction)
            {
                return Fail(stderr, $"{parse.Errors[0].Message} (see 'dqml --help')", ExitCodes.Usage);
            }

            var config = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            };
            return parse.Invoke(config);
        }
        catch (CliException e)
        {
            return Fail(stderr, e.Message, e.ExitCode);
        }
        catch (ExperimentInputException e)
        {
            // Includes SpecException: already "file:line:col: path: message".
            return Fail(stderr, e.Message, ExitCodes.Error);
        }
        catch (QasmParseException e)
        {
            // Already "file:line:col: message".
            return Fail(stderr, e.Message, ExitCodes.Error);
        }
        catch (CircuitValidationException e)
        {
            return Fail(stderr, $"invalid circuit: {e.Message}", ExitCodes.Error);
        }
        catch (UnsupportedInstructionException e)
        {
            return Fail(stderr, e.Message, ExitCodes.Error);
        }
        catch (ArgumentException e) when (e is not ArgumentNullException && e.ParamName is not null)
        {
            // Input the layers reject (e.g. too many qubits for a backend): the message without " (Parameter 'x')".
            return Fail(stderr, e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal), ExitCodes.Error);
        }
        catch (IOException e)
        {
            return Fail(stderr, e.Message, ExitCodes.Error);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(stderr, e.Message, ExitCodes.Error);
        }
#pragma warning disable CA1031 // The top of the program: every failure becomes one line on stderr and exit code 1.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (Environment.GetEnvironmentVariable(DebugVariable) is "1" or "true")
            {
                stderr.WriteLine(e.ToString());
                return ExitCodes.Error;
            }

            return Fail(stderr, $"{e.Message} ({e.GetType().Name}; set {DebugVariable}=1 for the stack trace)", ExitCodes.Error);
        }
    }

    private static int Fail(TextWriter stderr, string message, int exitCode)
    {
        stderr.WriteLine("error: " + CliText.OneLine(message));
        stderr.Flush();
        return exitCode;
    }
}

/// <summary>Prints <see cref="DqmlApp.Version"/> for <c>--version</c>.</summary>
internal sealed class PrintVersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(DqmlApp.Version);
        return ExitCodes.Success;
    }
}
