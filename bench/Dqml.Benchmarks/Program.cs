using BenchmarkDotNet.Running;

namespace Dqml.Benchmarks;

/// <summary>Runs the benchmarks picked on the command line, e.g. <c>--filter *GateBenchmarks*</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
