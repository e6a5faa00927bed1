using ActorVision.Common;
using ActorVision.Node.Observability;

namespace ActorVision.Node.Tests.Observability;

/// <summary>Log lines carry the camera or job they are about, and never a camera's credentials.</summary>
public sealed class LogTests
{
    [Theory]
    [InlineData("akka://actorvision/system/sharding/camera/42/lobby", "CameraId", "lobby", "camera=lobby")]
    [InlineData("akka://actorvision/system/sharding/camera/42/lobby/pipeline-3/StreamSupervisor-0/flow-1-0-unfoldResourceSource", "CameraId", "lobby", "camera=lobby")]
    [InlineData("akka.tcp://actorvision@10.0.0.5:4053/system/sharding/camera/7/gate%20north", "CameraId", "gate north", "camera=gate north")]
    [InlineData("akka://actorvision/system/sharding/job/3/job-17#123456", "JobId", "job-17", "job=job-17")]
    public void Actors_inside_a_camera_or_job_entity_log_with_its_id_as_scope(string path, string key, string id, string text)
    {
        var scope = EntityScope.FromActorPath(path);

        Assert.NotNull(scope);
        var pair = Assert.Single(scope);
        Assert.Equal(key, pair.Key);
        Assert.Equal(id, pair.Value);
        Assert.Equal(text, scope.ToString());
    }

    [Theory]
    [InlineData("akka://actorvision/system/sharding/camera")]
    [InlineData("akka://actorvision/system/sharding/camera/42")]
    [InlineData("akka://actorvision/system/sharding/cameraCoordinator/singleton/coordinator")]
    [InlineData("akka://actorvision/user/device-cpu")]
    [InlineData("Cluster Node")]
    [InlineData(null)]
    public void Other_actors_log_without_an_entity_scope(string? path) => Assert.Null(EntityScope.FromActorPath(path));

    [Fact]
    public void Credentials_in_urls_are_removed_and_akka_addresses_kept()
    {
        var line = "camera lobby: rtsp://admin:s3cret@10.1.1.9:554/stream?token=abc failed; "
                   + "leader akka.tcp://actorvision@10.0.0.5:4053, self akka://actorvision/user/x";

        var redacted = UrlRedaction.RedactInText(line);

        Assert.DoesNotContain("s3cret", redacted);
        Assert.DoesNotContain("admin", redacted);
        Assert.DoesNotContain("abc", redacted);
        Assert.Contains("rtsp://***@10.1.1.9:554/stream?token=***", redacted);
        Assert.Contains("akka.tcp://actorvision@10.0.0.5:4053", redacted);
        Assert.Contains("akka://actorvision/user/x", redacted);
    }

    [Fact]
    public void Exceptions_are_logged_without_credentials_with_their_stack()
    {
        Exception original;
        try
        {
            throw new InvalidOperationException("cannot open rtsp://user:pw@cam.local/live",
                new IOException("http://u:p@proxy failed"));
        }
        catch (Exception ex)
        {
            original = ex;
        }

        var logged = new RedactedException(original);

        Assert.Equal("cannot open rtsp://***@cam.local/live", logged.Message);
        Assert.Equal("http://***@proxy failed", logged.InnerException!.Message);
        Assert.Equal(original.StackTrace, logged.StackTrace);
        var text = logged.ToString();
        Assert.Contains(nameof(InvalidOperationException), text);
        Assert.Contains(nameof(Exceptions_are_logged_without_credentials_with_their_stack), text);
        Assert.DoesNotContain("pw@", text);
        Assert.DoesNotContain("u:p@", text);
    }
}
