using Akka.Actor;
using Akka.Hosting;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Jobs.Scheduling;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace ActorVision.Node.Tests.Jobs;

/// <summary>One in-process node for the job tests of a class: media root, a slow model, two jobs at a time.</summary>
public sealed class JobNodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;
    public JobsClient Client { get; private set; } = null!;

    /// <summary>Node HOCON for job tests: the media root, quick checkpoints and retries, and the slow model as <c>slow</c>.</summary>
    public static string Hocon(int concurrency = 2) => $$"""
        {{JobMedia.Hocon}}
        actorvision.jobs { max-concurrent-per-node = {{concurrency}}, checkpoint-interval = 1s, retry-backoff = 1s, status-interval = 250ms }
        actorvision.inference.models {
        {{TestModels.SlowModelHocon("slow", TestModels.Slow(inputSize: 64, width: 256, depth: 16))}}
        }
        """;

    public async Task InitializeAsync()
    {
        Node = await TestNode.StartAsync(Hocon());
        Client = new JobsClient(Node.GrpcAddress);
    }

    public async Task<JobSlots> SlotsAsync()
    {
        var scheduler = await Node.Services.GetRequiredService<ActorRegistry>().GetAsync<JobScheduler>();
        return await scheduler.Ask<JobSlots>(GetJobSlots.Instance, TimeSpan.FromSeconds(5));
    }

    public async Task<DeviceLoad> DeviceLoadAsync()
    {
        var devices = await Node.Services.GetRequiredService<ActorRegistry>().GetAsync<NodeDevices>();
        var local = await devices.Ask<LocalDevices>(GetLocalDevices.Instance, TimeSpan.FromSeconds(5));
        return await local.Devices[0].Router.Ask<DeviceLoad>(GetDeviceLoad.Instance, TimeSpan.FromSeconds(5));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Node.DisposeAsync();
    }
}
