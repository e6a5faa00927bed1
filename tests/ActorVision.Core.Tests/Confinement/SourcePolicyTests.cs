using ActorVision.Core.Confinement;
using ActorVision.Core.Validation;

namespace ActorVision.Core.Tests.Confinement;

/// <summary>Cameras and jobs read only files inside the media roots and URLs of allowed schemes that connect to a host.</summary>
public sealed class SourcePolicyTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("av-sources-");
    private readonly string _root;
    private readonly string _outside;
    private readonly SourcePolicy _policy;

    public SourcePolicyTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "media")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "secret")).FullName;
        Directory.CreateDirectory(Path.Combine(_root, "2026"));
        File.WriteAllText(Path.Combine(_root, "2026", "lobby.mp4"), "video");
        File.WriteAllText(Path.Combine(_outside, "passwd"), "secret");
        File.CreateSymbolicLink(Path.Combine(_root, "escape.mp4"), Path.Combine(_outside, "passwd"));
        File.CreateSymbolicLink(Path.Combine(_root, "dangling.mp4"), Path.Combine(_outside, "not-yet.mp4"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "elsewhere"), _outside);
        File.CreateSymbolicLink(Path.Combine(_root, "inside-link.mp4"), Path.Combine(_root, "2026", "lobby.mp4"));
        _policy = new SourcePolicy([_root], SourcePolicy.DefaultSchemes);
    }

    private (string? Resolved, IReadOnlyList<FieldError> Errors) Resolve(string input, bool mustExist = true)
    {
        var errors = new List<FieldError>();
        return (_policy.Resolve(input, "sourceUrl", errors, mustExist), errors);
    }

    private string Refused(string input, bool mustExist = true)
    {
        var (resolved, errors) = Resolve(input, mustExist);
        Assert.Null(resolved);
        var error = Assert.Single(errors);
        Assert.Equal("sourceUrl", error.Path);
        return error.Message;
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
    public void An_absolute_path_or_a_file_url_inside_the_root_is_fine()
    {
        var lobby = Path.Combine(_root, "2026", "lobby.mp4");
        Assert.Equal(lobby, Resolve(lobby).Resolved);
        Assert.Equal(lobby, Resolve("file://" + lobby).Resolved);
        Assert.Equal(lobby, Resolve("file:" + lobby).Resolved);
    }

    [Fact]
    public void A_camera_file_that_does_not_exist_yet_is_accepted_where_it_would_be_inside_the_root() =>
        Assert.Equal(Path.Combine(_root, "2027", "later.mp4"), Resolve("2027/later.mp4", mustExist: false).Resolved);

    [Theory]
    [InlineData("../secret/passwd", "contains '..'")]
    [InlineData("2026/../../secret/passwd", "contains '..'")]
    [InlineData("escape.mp4", "symbolic link")]
    [InlineData("elsewhere/passwd", "symbolic link")]
    [InlineData("missing.mp4", "not found")]
    [InlineData("2026", "folder")]
    [InlineData("", "required")]
    [InlineData("2026/lobby.mp4\n", "control character")]
    public void Paths_that_leave_the_root_or_do_not_exist_are_refused(string input, string reason) =>
        Assert.Contains(reason, Refused(input));

    [Fact]
    public void A_link_to_a_file_outside_that_does_not_exist_yet_is_refused_too() =>
        Assert.Contains("symbolic link", Refused("dangling.mp4", mustExist: false));

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/etc/shadow")]
    [InlineData("file:///etc/passwd")]
    [InlineData("file:/etc/passwd")]
    [InlineData("file://localhost/etc/passwd")]
    [InlineData("file:///etc/%70asswd")]
    public void Files_elsewhere_are_refused_however_they_are_written(string input) =>
        Assert.Contains("outside the media roots", Refused(input, mustExist: false));

    [Theory]
    [InlineData("concat:/srv/media/a.mp4|/etc/passwd", "'concat:'")]
    [InlineData("subfile,,start,0,end,0,,:/etc/passwd", "'subfile:'")]
    [InlineData("pipe:0", "'pipe:'")]
    [InlineData("data:video/mp4;base64,AAAA", "'data:'")]
    [InlineData("crypto+http://host/a.ts", "'crypto+http:'")]
    [InlineData("tcp://10.0.0.5:5000?listen", "'tcp:'")]
    [InlineData("ftp://files.local/a.mp4", "'ftp:'")]
    [InlineData("udp://239.0.0.1:1234", "URL scheme 'udp' is not allowed")]
    [InlineData("srt://10.0.0.5:9000", "URL scheme 'srt' is not allowed")]
    public void Schemes_not_on_the_list_are_refused_naming_the_allowed_ones(string input, string reason)
    {
        var message = Refused(input, mustExist: false);
        Assert.Contains(reason, message);
        Assert.Contains("allowed: rtsp, rtsps, http, https", message);
    }

    [Theory]
    [InlineData("rtsp://", "no host")]
    [InlineData("rtsp:cam/live", "not a valid URL")]
    [InlineData("rtsp://0.0.0.0:8554/live", "wildcard address")]
    [InlineData("rtsp://[::]:8554/live", "wildcard address")]
    [InlineData("http://cam:80/x?listen=1", "listen")]
    [InlineData("rtsp://cam/live?rtsp_flags=listen", "listen")]
    [InlineData("rtsp://admin:pa/ss@cam/live", "percent-encoded")]
    [InlineData("rtsp://ca m/live", "not a host name")]
    public void Urls_that_do_not_connect_to_a_host_are_refused(string input, string reason) =>
        Assert.Contains(reason, Refused(input, mustExist: false));

    [Fact]
    public void Listener_modes_of_schemes_an_operator_enabled_are_refused_too()
    {
        var open = new SourcePolicy([_root], ["udp", "srt", "rtsp"]);
        string Message(string input)
        {
            var errors = new List<FieldError>();
            Assert.Null(open.Resolve(input, "spec.input", errors, mustExist: false));
            return Assert.Single(errors).Message;
        }
        Assert.Contains("listen on local port 9999", Message("udp://@:9999"));
        Assert.Contains("multicast groups only", Message("udp://10.0.0.5:1234"));
        Assert.Contains("listen", Message("srt://10.0.0.5:9000?mode=listener"));
        Assert.Contains("listen", Message("srt://10.0.0.5:9000?mode=rendezvous"));
        Assert.Equal("udp://239.1.2.3:1234", open.Resolve("udp://239.1.2.3:1234", "spec.input", [], mustExist: false));
        Assert.Equal("srt://10.0.0.5:9000?mode=caller", open.Resolve("srt://10.0.0.5:9000?mode=caller", "spec.input", [], mustExist: false));
    }

    [Theory]
    [InlineData("rtsp://admin:p@ss@cam.local:554/live")]
    [InlineData("rtsps://cam.local/live")]
    [InlineData("https://cdn.example/live/index.m3u8?token=abc")]
    [InlineData("http://[fe80::1]:8080/video.mjpg")]
    public void Allowed_urls_are_kept_as_they_are(string input) => Assert.Equal(input, Resolve(input).Resolved);

    [Theory]
    [InlineData("file")]
    [InlineData("concat")]
    [InlineData("tcp")]
    public void An_operator_cannot_allow_a_scheme_that_bypasses_the_policy(string scheme) =>
        Assert.Contains(scheme, Assert.Throws<ArgumentException>(() => new SourcePolicy([_root], ["rtsp", scheme])).Message);

    [Fact]
    public void Without_a_media_root_no_file_is_read() =>
        Assert.Contains("no media root", Assert.Single(Errors(new SourcePolicy([], ["rtsp"]), "/srv/a.mp4")).Message);

    private static List<FieldError> Errors(SourcePolicy policy, string input)
    {
        var errors = new List<FieldError>();
        policy.Resolve(input, "sourceUrl", errors, mustExist: false);
        return errors;
    }

    public void Dispose() => _scratch.Delete(recursive: true);
}
