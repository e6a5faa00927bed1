using System.Globalization;
using System.Text;

namespace ActorVision.Benchmarks.Harness;

/// <summary>Collects results into the markdown tables of docs/benchmarks.md, with the machine described.</summary>
public sealed class BenchmarkReport
{
    private readonly List<(IBenchmark Benchmark, IReadOnlyList<BenchmarkResult> Results, Exception? Failure)> _entries = new();

    public void Add(IBenchmark benchmark, IReadOnlyList<BenchmarkResult> results) => _entries.Add((benchmark, results, null));

    public void AddFailure(IBenchmark benchmark, Exception failure) => _entries.Add((benchmark, Array.Empty<BenchmarkResult>(), failure));

    public string ToMarkdown(string arguments)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `./run.sh bench {arguments}`".TrimEnd());
        sb.AppendLine();
        sb.AppendLine($"Machine: {MachineDescription()}");
        foreach (var group in _entries.GroupBy(e => e.Benchmark.Group))
        {
            sb.AppendLine();
            sb.AppendLine($"### {group.Key}");
            sb.AppendLine();
            sb.AppendLine("| benchmark | result | value | unit | limit | ratio |");
            sb.AppendLine("| --- | --- | ---: | --- | ---: | ---: |");
            foreach (var (benchmark, results, failure) in group)
            {
                if (failure is not null)
                {
                    sb.AppendLine($"| {benchmark.Name} | FAILED: {failure.Message.ReplaceLineEndings(" ")} | | | | |");
                    continue;
                }
                foreach (var r in results)
                    sb.AppendLine($"| {benchmark.Name} | {r.Name} | {r.Value.ToString("0.###", inv)} | {r.Unit} | {r.Baseline?.ToString("0.###", inv)} | {r.Ratio?.ToString("0.###", inv)} |");
            }
            foreach (var (benchmark, _, failure) in group)
            {
                if (failure is null && benchmark is IReportsMarkdown { Markdown: { Length: > 0 } section })
                {
                    sb.AppendLine();
                    sb.Append(section);
                }
            }
        }
        return sb.ToString();
    }

    public static string MachineDescription()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        var memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores, {cpu}, {memoryGiB:0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    /// <summary>The 1, 5 and 15 minute load averages, to show how quiet the machine was around a run.</summary>
    public static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }
}
