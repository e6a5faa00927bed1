using ActorVision.Domain.Jobs;

namespace ActorVision.Domain.Tests.Jobs;

public class JobIdsTests
{
    [Fact]
    public void A_request_id_always_gives_the_same_job_id()
    {
        var id = JobIds.FromRequestId("4f1c0e2a9b8d4c7e8f6a5b4c3d2e1f00");
        Assert.Equal(id, JobIds.FromRequestId("4f1c0e2a9b8d4c7e8f6a5b4c3d2e1f00"));
        Assert.NotEqual(id, JobIds.FromRequestId("4f1c0e2a9b8d4c7e8f6a5b4c3d2e1f01"));
        Assert.Matches("^j-[0-9a-f]{16}$", id);
        Assert.True(JobIds.IsValid(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("j-")]
    [InlineData("camera-1")]
    [InlineData("j-../../etc")]
    [InlineData("J-ABC")]
    public void Other_strings_are_not_job_ids(string id) => Assert.False(JobIds.IsValid(id));
}
