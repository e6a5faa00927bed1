using System.Collections.Immutable;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using ActorVision.Cluster.Cameras;
using ActorVision.Node.Dashboard;
using ActorVision.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Node.Tests.Dashboard;

/// <summary>
/// A hundred cameras on the dashboard: their statuses are published on the camera-status topic every second, as camera
/// entities on other nodes do, and go through the real listener, state, server push and page. The browser must list
/// them all, update rows in place and filter; timings are printed, not asserted.
/// </summary>
public sealed class HundredCamerasTests(ITestOutputHelper output)
{
    private const int Cameras = 100;
    private const string Prefix = "load";

    [Fact]
    public async Task A_hundred_cameras_are_listed_and_updated_live_in_the_browser()
    {
        BrowserScript.RequireInstalled();
        await using var node = await TestNode.StartAsync();
        var mediator = DistributedPubSub.Get(node.System).Mediator;
        var self = Akka.Cluster.Cluster.Get(node.System).SelfAddress.ToString();
        using var stop = new CancellationTokenSource();
        var publisher = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            for (var tick = 0; !stop.IsCancellationRequested; tick++)
            {
                for (var i = 0; i < Cameras; i++) mediator.Tell(new Publish(CameraStatusPublisher.Topic, Status(i, tick, self)));
                try { await timer.WaitForNextTickAsync(stop.Token); } catch (OperationCanceledException) { break; }
            }
        });

        try
        {
            var (exitCode, log) = await BrowserScript.RunAsync("dashboard-load.mjs", node.HttpAddress.ToString().TrimEnd('/'), Cameras.ToString(), Prefix);
            output.WriteLine(log);
            Assert.True(exitCode == 0, "browser check failed:\n" + log);
            foreach (var check in new[] { "CHECK listed", "CHECK updated", "CHECK filter", "CHECK clean" }) Assert.Contains(check, log);

            // What one browser is sent: the whole table once, then a push per second with the rows that changed.
            var state = node.Services.GetRequiredService<DashboardState>();
            var cursor = new DashboardCursor();
            var full = JsonSerializer.SerializeToUtf8Bytes(state.Read(cursor, null), JsonSerializerOptions.Web).Length;
            var nextPush = await Eventually.GetAsync(() => Task.FromResult(state.Read(cursor, null)), d => d.Cameras.Count > 0,
                TimeSpan.FromSeconds(10), "a push with changed cameras");
            output.WriteLine($"MEASURE first-push={full} bytes, steady push={JsonSerializer.SerializeToUtf8Bytes(nextPush, JsonSerializerOptions.Web).Length} bytes ({nextPush.Cameras.Count} rows)");
        }
        finally
        {
            stop.Cancel();
            await publisher;
        }
    }

    private static CameraStatusUpdate Status(int i, int tick, string node) =>
        new($"{Prefix}-{i:000}", $"Camera {i:000}", $"rtsp://***@10.0.{i / 250}.{i % 250}/stream", true, true, new CameraStatus
        {
            State = CameraRunState.Running,
            Node = node,
            Since = DateTime.UtcNow.AddMinutes(-5),
            Statistics = new PipelineStatistics(20 + tick % 5, 5, 20, 6000 + tick * 25, 1500 + tick * 5, 6000 + tick * 25, tick / 10, 0, 40 + tick % 7, 90),
            EventsTotal = tick,
            Counters = ImmutableSortedDictionary<string, long>.Empty.Add("door.in", tick).Add("door.out", tick / 2),
        });
}
