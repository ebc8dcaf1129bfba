using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AgentConsole.Benchmarks;

/// <summary>
/// A short job run in-process: the default toolchain generates and builds a project under this folder, where the
/// repository's warnings-as-errors build settings would apply to BenchmarkDotNet's generated code.
/// </summary>
public sealed class PolicyBenchmarkConfig : ManualConfig
{
    public PolicyBenchmarkConfig() =>
        AddJob(Job.Default
            .WithWarmupCount(5)
            .WithIterationCount(15)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Short"));
}
