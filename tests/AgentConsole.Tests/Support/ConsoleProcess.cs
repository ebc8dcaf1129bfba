using System.Diagnostics;

namespace AgentConsole.Tests.Support;

/// <summary>Runs the console's own executable as a separate process (the admin CLI), against a test store.</summary>
public static class ConsoleProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(TestStore store, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ConsoleExecutable());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in store.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static string ConsoleExecutable()
    {
        // The web project's own build output (it has its runtimeconfig), same configuration as these tests.
        var here = AppContext.BaseDirectory;
        var configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = new DirectoryInfo(here);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AgentConsole.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, "src", "AgentConsole", "bin", configuration, "net10.0", "AgentConsole.dll");
    }
}
