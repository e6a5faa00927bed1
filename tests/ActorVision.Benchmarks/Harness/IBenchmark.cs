namespace ActorVision.Benchmarks.Harness;

/// <summary>
/// One benchmark of the project. Implementations are found by reflection; each prints progress freely
/// and ends with exactly one <see cref="BenchmarkResult"/> per measured quantity.
/// </summary>
public interface IBenchmark
{
    /// <summary>Short kebab-case name used on the command line, e.g. <c>media-decode-1080p</c>.</summary>
    string Name { get; }

    /// <summary>Group used to run several at once (<c>media</c>, <c>inference</c>, <c>analytics</c>, <c>pipeline</c>, <c>jobs</c>, <c>e2e</c>).</summary>
    string Group { get; }

    /// <summary>One line that says what is measured and against which limit.</summary>
    string Description { get; }

    /// <summary>True for long runs (soak, load sweeps) that only run when named explicitly.</summary>
    bool OptIn => false;

    Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken);
}

/// <summary>A benchmark whose results need more than the one-line-per-result table: its own markdown after it.</summary>
public interface IReportsMarkdown
{
    /// <summary>Tables (and charts) of the last run, or null.</summary>
    string? Markdown { get; }
}
