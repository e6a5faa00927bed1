using ActorVision.Core.Confinement;
using ActorVision.Core.Validation;

namespace ActorVision.Core.Tests.Confinement;

/// <summary>Outputs resolve inside the data folder, symbolic links followed; what would leave it is refused with the field named.</summary>
public sealed class OutputPolicyTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("av-outputs-");
    private readonly string _data;
    private readonly string _outside;
    private readonly OutputPolicy _policy;

    public OutputPolicyTests()
    {
        _data = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "data")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "etc")).FullName;
        Directory.CreateDirectory(Path.Combine(_data, "hls"));
        Directory.CreateSymbolicLink(Path.Combine(_data, "hls", "escape"), _outside);
        File.CreateSymbolicLink(Path.Combine(_data, "planted.mp4"), Path.Combine(_outside, "cron.mp4"));
        Directory.CreateSymbolicLink(Path.Combine(_data, "recordings"), Directory.CreateDirectory(Path.Combine(_data, "disk2")).FullName);
        _policy = new OutputPolicy(_data);
    }

    private string? Resolve(string path, List<FieldError> errors) => _policy.Resolve(path, "outputs.hlsFolder", errors);

    private string Refused(string path)
    {
        var errors = new List<FieldError>();
        Assert.Null(Resolve(path, errors));
        var error = Assert.Single(errors);
        Assert.Equal("outputs.hlsFolder", error.Path);
        return error.Message;
    }

    [Theory]
    [InlineData("hls/lobby", "hls/lobby")]
    [InlineData("./hls/lobby/", "hls/lobby")]
    [InlineData("recordings/a.mp4", "disk2/a.mp4")]
    public void Relative_paths_resolve_inside_the_data_folder(string path, string expected)
    {
        var errors = new List<FieldError>();
        Assert.Equal(Path.Combine(_data, expected), Resolve(path, errors));
        Assert.Empty(errors);
    }

    [Fact]
    public void An_absolute_path_inside_the_data_folder_is_fine() =>
        Assert.Equal(Path.Combine(_data, "hls", "x"), Resolve(Path.Combine(_data, "hls", "x"), []));

    [Theory]
    [InlineData("/etc/cron.d", "outside the data folder")]
    [InlineData("/tmp/hls", "outside the data folder")]
    [InlineData("../etc", "'..'")]
    [InlineData("hls/../../etc", "'..'")]
    [InlineData("hls/escape/x", "symbolic link")]
    [InlineData("planted.mp4", "symbolic link")]
    [InlineData("hls/a\nhls_segment_filename=/etc/x", "control character")]
    [InlineData("hls/a\rb", "control character")]
    [InlineData("hls/a\tb", "control character")]
    [InlineData("hls/a%d", "'%'")]
    [InlineData(".", "data folder itself")]
    [InlineData("", "empty")]
    public void Paths_that_would_write_elsewhere_or_inject_options_are_refused(string path, string reason) =>
        Assert.Contains(reason, Refused(path));

    [Fact]
    public void Every_problem_of_one_path_is_reported_at_once()
    {
        var errors = new List<FieldError>();
        Assert.Null(Resolve("../a%d\n", errors));
        Assert.Equal(3, errors.Count);
    }

    public void Dispose() => _scratch.Delete(recursive: true);
}
