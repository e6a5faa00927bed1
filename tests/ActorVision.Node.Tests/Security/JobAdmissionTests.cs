using JobIds = ActorVision.Domain.Jobs.JobIds;
using ActorVision.Cluster.Jobs.Scheduling;
using ActorVision.Node.Tests.Api;
using ActorVision.Node.Tests.Jobs;
using ActorVision.Node.Tests.Support;
using ActorVision.Protocol.V1;
using Akka.Actor;
using Akka.Hosting;
using Grpc.Core;

namespace ActorVision.Node.Tests.Security;

/// <summary>
/// A node running one job at a time with room for three more in its queue, and two admin keys: slots go round-robin
/// between the keys (not the submitter names callers choose), a submit beyond the queue is refused and leaves nothing
/// behind, and listings come a page at a time, newest first.
/// </summary>
public sealed class JobAdmissionTests : IAsyncLifetime
{
    private const string AdminKey = "admin-key-jobs-8c1f0e7a2b";
    private const string OpsKey = "ops-key-jobs-3e9d6b5a4c";
    private TestNode _node = null!;
    private JobsClient _admin = null!;
    private JobsClient _ops = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(JobNodeFixture.Hocon(concurrency: 1) + $$"""
            actorvision.jobs.max-queued-per-node = 3
            actorvision.api {
              api-key = "{{AdminKey}}"
              keys { ops { role = admin, key = "{{OpsKey}}" } }
            }
            """);
        _admin = new JobsClient(_node.GrpcAddress, AdminKey);
        _ops = new JobsClient(_node.GrpcAddress, OpsKey);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _ops.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task Slots_go_round_robin_between_keys_a_full_queue_refuses_more_and_listings_come_newest_first_a_page_at_a_time()
    {
        // A long video through a slow model: the first job holds the only slot for the whole test.
        var video = Path.GetFileName(JobMedia.TwelveMinutes);
        JobSpec Spec()
        {
            var spec = JobsClient.Spec(video, everyFrame: true, "slow");
            spec.Submitter = "everyone-says-this";
            return spec;
        }
        var running = await _admin.SubmitAsync(Spec());
        await _admin.WaitAsync(running.Id, j => j.State == JobState.Running, TimeSpan.FromSeconds(60));
        var second = await _admin.SubmitAsync(Spec());
        var third = await _admin.SubmitAsync(Spec());
        var fromOps = await _ops.SubmitAsync(Spec());

        // Same submitter name, two keys: the ops key's job is served before the admin key's second waiting job.
        var slots = await SlotsAsync();
        Assert.Equal([running.Id], slots.Running);
        Assert.Equal([second.Id, fromOps.Id, third.Id], slots.Waiting);

        // One running and three waiting: the node takes no more, and the refused job leaves nothing behind.
        var requestId = Guid.NewGuid().ToString("N");
        var refused = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => _admin.Api.SubmitJobAsync(new SubmitJobRequest { Spec = Spec(), RequestId = requestId }));
        Assert.Equal("this node runs 1 jobs and 3 wait (actorvision.jobs.max-queued-per-node = 3); retry when some have finished", refused.Status.Detail);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => _admin.Api.GetJobAsync(new JobIdRequest { JobId = JobIds.FromRequestId(requestId) }));

        var first = await _admin.Api.ListJobsAsync(new ListJobsRequest { PageSize = 3 });
        var rest = await _admin.Api.ListJobsAsync(new ListJobsRequest { PageSize = 3, PageToken = first.NextPageToken });
        Assert.Equal([fromOps.Id, third.Id, second.Id], first.Jobs.Select(j => j.Id));
        Assert.Equal([running.Id], rest.Jobs.Select(j => j.Id));
        Assert.Equal("", rest.NextPageToken);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _admin.Api.ListJobsAsync(new ListJobsRequest { PageToken = "not-a-token" }));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _admin.Api.ListJobsAsync(new ListJobsRequest { PageSize = 100_000 }));

        foreach (var job in new[] { second, third, fromOps, running }) await _admin.Api.CancelJobAsync(new JobIdRequest { JobId = job.Id });
    }

    private async Task<JobSlots> SlotsAsync()
    {
        var scheduler = await _node.Services.GetRequiredService<ActorRegistry>().GetAsync<JobScheduler>();
        return await scheduler.Ask<JobSlots>(GetJobSlots.Instance, TimeSpan.FromSeconds(5));
    }
}
