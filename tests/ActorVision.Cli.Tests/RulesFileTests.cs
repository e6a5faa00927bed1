using ActorVision.Cli.Errors;
using ActorVision.Cli.Files;
using ActorVision.Cli.Tests.Support;
using ActorVision.Protocol.V1;
using ActorVision.Tests;

namespace ActorVision.Cli.Tests;

public class RulesFileTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_documented_example_parses_into_every_rule_kind()
    {
        var rules = RulesFile.Load(Path.Combine(TestAssets.RepoRoot, "docs", "examples", "rules-entrance.json"));

        Assert.Equal(["door", "lobby", "loiter", "crowd", "health"], rules.Select(r => r.Id));
        var door = rules[0];
        Assert.Equal(Rule.KindOneofCase.LineCrossing, door.KindCase);
        Assert.Equal(0.1f, door.LineCrossing.A.X);
        Assert.Equal(0.55f, door.LineCrossing.B.Y);
        Assert.Equal(CrossingDirection.Both, door.LineCrossing.Direction);
        Assert.Equal(["person"], door.Classes);
        Assert.Equal(4, rules[1].Zone.Polygon.Count);
        Assert.Equal(TimeSpan.FromSeconds(2), rules[1].Cooldown.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(30), rules[2].Loitering.Threshold.ToTimeSpan());
        Assert.Equal(OccupancyCondition.MoreThan, rules[3].Occupancy.Condition);
        Assert.Equal(5, rules[3].Occupancy.Limit);
        Assert.Equal(TimeSpan.FromSeconds(10), rules[4].CameraHealth.NoFramesAfter.ToTimeSpan());
    }

    [Fact]
    public void The_documented_camera_spec_parses()
    {
        var spec = CameraSpecFile.Load(Path.Combine(TestAssets.RepoRoot, "docs", "examples", "camera-lobby.json"));

        Assert.Equal("lobby", spec.Id);
        Assert.Equal(SourceMode.Live, spec.Mode);
        Assert.Equal(5, spec.AnalysisFps);
        Assert.Equal("data/hls/lobby", spec.Outputs.HlsFolder);
        Assert.Equal(CrossingDirection.In, spec.Rules.Single().LineCrossing.Direction);
    }

    [Fact]
    public void An_empty_rule_set_is_allowed_it_clears_the_rules() =>
        Assert.Empty(RulesFile.Parse("""{"rules": []}""", "rules file 'x'"));

    [Theory]
    [InlineData("", "rules file 't.json': the file is empty")]
    [InlineData("{\"rules\": [\n  {\"id\": \"door\",, }\n]}", "rules file 't.json': not valid JSON at line 2, column")]
    [InlineData("[{\"id\": \"door\"}]", "expected a JSON object at the top, found an array")]
    [InlineData("{\"rulez\": []}", "Unknown field: rulez")]
    [InlineData("{\"rules\": [{\"id\": \"door\", \"line_crosing\": {}}]}", "Unknown field: line_crosing")]
    [InlineData("{\"rules\": [{\"id\": \"door\", \"lineCrossing\": {\"direction\": \"SIDEWAYS\"}}]}", "SIDEWAYS")]
    [InlineData("{\"rules\": [{\"id\": \"door\", \"cooldown\": \"two seconds\", \"zone\": {}}]}", "two seconds")]
    [InlineData("{\"rules\": [{\"name\": \"Door\", \"zone\": {}}]}", "rules[0]: \"id\" is missing")]
    [InlineData("{\"rules\": [{\"id\": \"a\", \"zone\": {}}, {\"id\": \"a\", \"zone\": {}}]}", "rules[1] 'a': id 'a' is used by an earlier rule")]
    [InlineData("{\"rules\": [{\"id\": \"door\", \"name\": \"Door\"}]}", "rules[0] 'door': no rule kind")]
    [InlineData("{\"rules\": [{\"id\": \"door\", \"lineCrossing\": {\"a\": {\"x\": 120, \"y\": 300}, \"b\": {\"x\": 0.5, \"y\": 0.5}}}]}",
        "rules[0] 'door': point (120, 300) is outside the frame: coordinates are normalised to 0..1, not pixels")]
    [InlineData("{\"rules\": [{\"id\": \"z\", \"zone\": {\"polygon\": [{\"x\": 0.1, \"y\": 0.1}, {\"x\": -0.2, \"y\": 0.5}]}}]}", "point (-0.2, 0.5)")]
    public void Bad_files_are_usage_errors_naming_the_file_and_the_problem(string content, string expected)
    {
        var path = _files.Write("t.json", content);

        var error = Assert.Throws<UsageException>(() => RulesFile.Load(path));

        Assert.Contains($"rules file '{path}'", error.Message);
        Assert.Contains(expected.Replace("'t.json'", $"'{path}'"), error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<UsageException>(() => RulesFile.Load("/nonexistent/door.json"));

        Assert.Equal("rules file '/nonexistent/door.json': no such file", error.Message);
    }

    [Fact]
    public void A_camera_spec_gets_the_same_rule_checks()
    {
        var path = _files.Write("cam.json", """{"id": "lobby", "rules": [{"id": "door"}]}""");

        var error = Assert.Throws<UsageException>(() => CameraSpecFile.Load(path));

        Assert.Equal($"camera spec '{path}': rules[0] 'door': no rule kind: give one of \"zone\", \"lineCrossing\", \"loitering\", \"occupancy\", \"stationaryObject\", \"cameraHealth\"", error.Message);
    }
}
