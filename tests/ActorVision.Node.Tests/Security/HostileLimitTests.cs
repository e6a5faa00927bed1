using System.Net;
using ActorVision.Node.Tests.Api;
using ActorVision.Tests;
using Grpc.Core;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Security;

/// <summary>
/// What a caller with a key can make a node hold, and a stranger without one: oversized analysis sizes, ten
/// thousand rules, messages over the size limit, more cameras than a node may hold, random dashboard paths and made-up
/// job ids in a loop. Each is refused with the limit named, and the node stays healthy with nothing left behind.
/// </summary>
[Collection(SecuredNodeCollection.Name)]
public sealed class HostileLimitTests(SecuredNodeFixture fixture)
{
    [Fact]
    public async Task An_analysis_size_over_the_pixel_budget_is_refused_with_the_limit_named()
    {
        using var admin = fixture.Grpc(SecuredNodeFixture.AdminKey);
        var spec = Camera("huge");
        spec.AnalysisWidth = 7680;
        spec.AnalysisHeight = 7680;

        var refused = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => admin.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec }));

        Assert.Contains("spec.analysisWidth: 7680x7680 is 58982400 pixels", refused.Status.Detail);
        Assert.Contains("actorvision.cameras.max-analysis-pixels", refused.Status.Detail);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => admin.Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = "huge" }));
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task Ten_thousand_rules_are_refused_before_any_of_them_is_read()
    {
        using var admin = fixture.Grpc(SecuredNodeFixture.AdminKey);
        var spec = Camera("many-rules");
        spec.Rules.AddRange(Enumerable.Range(0, 10_000).Select(Zone));

        var onAdd = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => admin.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec }));
        var onReplace = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () =>
            admin.Cameras.SetRulesAsync(new V1.SetRulesRequest { CameraId = "many-rules", Rules = { spec.Rules } }));

        Assert.Equal("spec.rules: 10000 rules; a camera may have at most 100 (actorvision.cameras.max-rules)", onAdd.Status.Detail);
        Assert.Equal("rules: 10000 rules; a camera may have at most 100 (actorvision.cameras.max-rules)", onReplace.Status.Detail);
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused_unread()
    {
        using var admin = fixture.Grpc(SecuredNodeFixture.AdminKey);
        var spec = Camera("bloated");
        spec.Name = new string('x', 5 * 1024 * 1024);

        var refused = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => admin.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec }));

        Assert.Contains("exceeds the maximum configured message size", refused.Status.Detail);
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task A_node_refuses_cameras_beyond_its_cap_and_takes_one_again_once_one_is_removed()
    {
        using var admin = fixture.Grpc(SecuredNodeFixture.AdminKey);
        var ids = Enumerable.Range(1, SecuredNodeFixture.MaxCameras).Select(i => $"capped-{i}").ToArray();
        foreach (var id in ids) await admin.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = Camera(id) });

        var refused = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => admin.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = Camera("one-too-many") }));
        Assert.Contains($"already holds {SecuredNodeFixture.MaxCameras} cameras (actorvision.cameras.max-per-node = {SecuredNodeFixture.MaxCameras})", refused.Status.Detail);

        await admin.Cameras.RemoveCameraAsync(new V1.CameraIdRequest { CameraId = ids[0] });
        await admin.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = Camera("one-too-many") });
        foreach (var id in ids.Skip(1).Append("one-too-many")) await admin.Cameras.RemoveCameraAsync(new V1.CameraIdRequest { CameraId = id });
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task Random_dashboard_paths_in_a_loop_are_not_found_and_leave_nothing_behind()
    {
        using var http = fixture.Http(SecuredNodeFixture.ViewerKey);
        var before = await HeapAfterCollectionAsync(http);

        // Long names: a node that remembered each one would hold 10,000 x 8 KB.
        var notFound = 0;
        await Parallel.ForAsync(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            using var response = await http.GetAsync("/dashboard/" + RandomName(4000), ct);
            if (response.StatusCode == HttpStatusCode.NotFound) Interlocked.Increment(ref notFound);
        });

        Assert.Equal(10_000, notFound);
        var after = await HeapAfterCollectionAsync(http);
        Assert.True(after - before < 32 * 1024 * 1024, $"the heap grew by {(after - before) / 1024 / 1024} MB after 10,000 unknown names");
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task Made_up_job_ids_are_not_found_and_start_no_job_entity()
    {
        using var http = fixture.Http(SecuredNodeFixture.ViewerKey);
        using var viewer = fixture.Grpc(SecuredNodeFixture.ViewerKey);
        var jobs = new V1.Jobs.JobsClient(viewer.Invoker);
        for (var i = 0; i < 100; i++)
        {
            var id = "j-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/jobs/{id}/results/jsonl")).StatusCode);
            var error = await RpcAssert.FailsAsync(StatusCode.NotFound, () => jobs.GetJobAsync(new V1.JobIdRequest { JobId = id }));
            Assert.Equal($"job '{id}'", error.Status.Detail);
        }

        var stats = await viewer.Cluster.GetShardStatsAsync(new V1.ShardStatsRequest { Region = "job" });
        Assert.Equal(0, stats.Regions.Sum(r => r.Entities));
        await fixture.AssertHealthyAsync();
    }

    private static V1.CameraSpec Camera(string id) => CameraSpecs.Live(id, "rtsp://127.0.0.1:9/never-started");

    private static V1.Rule Zone(int i) => new()
    {
        Id = $"zone-{i}",
        Zone = new V1.ZoneRule
        {
            Polygon = { new V1.Point { X = 0.1f, Y = 0.1f }, new V1.Point { X = 0.9f, Y = 0.1f }, new V1.Point { X = 0.5f, Y = 0.9f } },
        },
    };

    private static string RandomName(int length) =>
        string.Create(length, Random.Shared, (chars, random) =>
        {
            const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[random.Next(Alphabet.Length)];
        });

    /// <summary>The managed heap as the node's last garbage collection left it (what it still holds), from /metrics.</summary>
    private static async Task<double> HeapAfterCollectionAsync(HttpClient http) =>
        (await PrometheusScrape.FetchAsync(http)).Sum("dotnet_gc_last_collection_heap_size_bytes");
}
