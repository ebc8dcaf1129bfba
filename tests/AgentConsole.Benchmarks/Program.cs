using System.Globalization;
using BenchmarkDotNet.Running;

// Runs the benchmarks (pass BenchmarkDotNet's own options, e.g. --filter '*'), then prints each median and fails
// when one is over the budget: POLICY_BENCH_MAX_MEDIAN_US microseconds, 10 unless set.
var budgetMicroseconds = double.Parse(
    Environment.GetEnvironmentVariable("POLICY_BENCH_MAX_MEDIAN_US") ?? "10", CultureInfo.InvariantCulture);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(AgentConsole.Benchmarks.PolicyEvaluationBenchmark).Assembly).Run(args);

var failed = false;
var measured = 0;
Console.WriteLine();
Console.WriteLine($"Policy evaluation medians (budget {budgetMicroseconds} µs each):");
foreach (var report in summaries.SelectMany(s => s.Reports))
{
    var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo;
    if (report.ResultStatistics is not { } statistics)
    {
        Console.WriteLine($"POLICY-BENCH FAIL {name}: no result (the benchmark did not run)");
        failed = true;
        continue;
    }

    measured++;
    var medianMicroseconds = statistics.Median / 1000;
    var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
    var verdict = medianMicroseconds <= budgetMicroseconds ? "PASS" : "FAIL";
    failed |= verdict == "FAIL";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"POLICY-BENCH {verdict} {name}: median {medianMicroseconds:F3} µs, mean {statistics.Mean / 1000:F3} µs, allocated {allocated} B/op"));
}

return failed || measured == 0 ? 1 : 0;
