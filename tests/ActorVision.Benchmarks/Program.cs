using System.Reflection;
using ActorVision.Benchmarks.Harness;

// Runs every benchmark (or the named ones / groups), printing one RESULT line per measured quantity.
//   dotnet run -c Release --project tests/ActorVision.Benchmarks -- [--list] [--scale 0.2] [--markdown out.md] [name|group ...]
// Other options go to the benchmarks that read them (see each one's summary), e.g. e2e-load's --cameras 1,2,4 --soak.
// Flags (options without a value) are listed here so that a name after them is not taken for their value.
string[] flags = ["soak", "no-peer", "no-limits", "overload", "no-overload"];
var options = new Dictionary<string, string>(StringComparer.Ordinal);
var names = new List<string>();
var scale = 1.0;
string? markdownPath = null;
var list = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--list": list = true; break;
        case "--scale": scale = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--markdown": markdownPath = args[++i]; break;
        case var flag when flag.StartsWith("--", StringComparison.Ordinal) && flags.Contains(flag[2..]): options[flag[2..]] = "true"; break;
        case var option when option.StartsWith("--", StringComparison.Ordinal) && option.Contains('='):
            options[option[2..option.IndexOf('=')]] = option[(option.IndexOf('=') + 1)..];
            break;
        case var option when option.StartsWith("--", StringComparison.Ordinal):
            if (i + 1 >= args.Length) throw new ArgumentException($"{option} needs a value");
            options[option[2..]] = args[++i];
            break;
        default: names.Add(args[i]); break;
    }
}

var all = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Group).ThenBy(b => b.Name)
    .ToList();

if (list)
{
    foreach (var b in all) Console.WriteLine($"{b.Group,-10} {b.Name,-36} {(b.OptIn ? "(opt-in) " : "")}{b.Description}");
    return 0;
}

var selected = names.Count == 0
    ? all.Where(b => !b.OptIn).ToList()
    : all.Where(b => names.Contains(b.Name) || names.Contains(b.Group)).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"no benchmark matches {string.Join(' ', names)}; --list shows them");
    return 2;
}

var scratch = Path.Combine(ActorVision.Tests.TestAssets.RepoRoot, "artifacts", "benchmarks");
var context = new BenchmarkContext(scratch, scale, options);
var report = new BenchmarkReport();
var failed = 0;
foreach (var benchmark in selected)
{
    Console.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
    try
    {
        var results = await benchmark.RunAsync(context, CancellationToken.None);
        foreach (var result in results) Console.WriteLine(result.ToResultLine());
        report.Add(benchmark, results);
    }
    catch (Exception ex)
    {
        failed++;
        Console.WriteLine($"FAILED {benchmark.Name}: {ex}");
        report.AddFailure(benchmark, ex);
    }
}
if (markdownPath is not null)
{
    await File.WriteAllTextAsync(markdownPath, report.ToMarkdown(string.Join(' ', args)));
    Console.WriteLine($"wrote {markdownPath}");
}
return failed == 0 ? 0 : 1;
