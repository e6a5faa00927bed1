using ActorVision.Core.Validation;
using ActorVision.Domain.Jobs;

namespace ActorVision.Domain.Tests.Jobs;

/// <summary>Jobs read only files inside the media roots and URLs with allowed schemes; the reasons name spec.input.</summary>
public sealed class JobInputPolicyTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("av-policy-");
    private readonly string _root;
    private readonly string _outside;
    private readonly JobInputPolicy _policy;

    public JobInputPolicyTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "media")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "secret")).FullName;
        Directory.CreateDirectory(Path.Combine(_root, "2026"));
        File.WriteAllText(Path.Combine(_root, "2026", "lobby.mp4"), "video");
        File.WriteAllText(Path.Combine(_outside, "passwd"), "secret");
        File.CreateSymbolicLink(Path.Combine(_root, "escape.mp4"), Path.Combine(_outside, "passwd"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "elsewhere"), _outside);
        File.CreateSymbolicLink(Path.Combine(_root, "inside-link.mp4"), Path.Combine(_root, "2026", "lobby.mp4"));
        _policy = new JobInputPolicy([_root], ["https"]);
    }

    private (string? Resolved, IReadOnlyList<FieldError> Errors) Resolve(string input)
    {
        var errors = new List<FieldError>();
        return (_policy.Resolve(input, errors), errors);
    }

    [Theory]
    [InlineData("2026/lobby.mp4")]
    [InlineData("./2026/lobby.mp4")]
    [InlineData("inside-link.mp4")]
    public void Files_inside_the_root_resolve_to_their_real_path(string input)
    {
        var (resolved, errors) = Resolve(input);
        Assert.Empty(errors);
        Assert.Equal(Path.Combine(_root, "2026", "lobby.mp4"), resolved);
    }

    [Fact]
    public void An_absolute_path_inside_the_root_is_fine() =>
        Assert.Equal(Path.Combine(_root, "2026", "lobby.mp4"), Resolve(Path.Combine(_root, "2026", "lobby.mp4")).Resolved);

    [Theory]
    [InlineData("../secret/passwd", "contains '..'")]
    [InlineData("2026/../../secret/passwd", "contains '..'")]
    [InlineData("escape.mp4", "symbolic link")]
    [InlineData("elsewhere/passwd", "symbolic link")]
    [InlineData("missing.mp4", "not found")]
    [InlineData("2026", "folder")]
    [InlineData("", "required")]
    public void Paths_that_leave_the_root_or_do_not_exist_are_refused(string input, string reason)
    {
        var (resolved, errors) = Resolve(input);
        Assert.Null(resolved);
        var error = Assert.Single(errors);
        Assert.Equal("spec.input", error.Path);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void An_absolute_path_elsewhere_is_refused()
    {
        var (resolved, errors) = Resolve(Path.Combine(_outside, "passwd"));
        Assert.Null(resolved);
        Assert.Contains("outside the media root", Assert.Single(errors).Message);
        Assert.Contains("outside the media root", Assert.Single(Resolve("/etc/passwd").Errors).Message);
        Assert.Contains("outside the media root", Assert.Single(Resolve("file:///etc/passwd").Errors).Message);
    }

    [Theory]
    [InlineData("rtsp://camera.local/stream", "'rtsp' is not allowed")]
    [InlineData("ftp://files.local/a.mp4", "'ftp' is not allowed")]
    [InlineData("http://files.local/a.mp4", "'http' is not allowed")]
    public void Url_schemes_not_on_the_list_are_refused(string input, string reason)
    {
        var (resolved, errors) = Resolve(input);
        Assert.Null(resolved);
        var error = Assert.Single(errors);
        Assert.Equal("spec.input", error.Path);
        Assert.Contains(reason, error.Message);
        Assert.Contains("allowed: https", error.Message);
    }

    [Fact]
    public void An_allowed_url_is_kept_as_it_is() =>
        Assert.Equal("https://files.local/a.mp4", Resolve("https://files.local/a.mp4").Resolved);

    public void Dispose() => _scratch.Delete(recursive: true);
}
