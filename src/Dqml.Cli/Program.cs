namespace Dqml.Cli;

/// <summary>Entry point of the <c>dqml</c> command; everything else lives in <see cref="DqmlApp"/>.</summary>
public static class Program
{
    /// <summary>Runs <c>dqml</c> on the process's console.</summary>
    public static int Main(string[] args) => DqmlApp.Run(args, Console.Out, Console.Error);
}
