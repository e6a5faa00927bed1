using ActorVision.Tests;
using Akka.Actor;
using Akka.Cluster;
using ActorVision.Node.Tests.Support;
using Xunit.Abstractions;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>
/// Kubernetes discovery end to end, except for Kubernetes itself: two nodes with <c>discovery.method = kubernetes</c>
/// list their pods from a stand-in API server and join them as seed nodes, forming one cluster.
/// </summary>
public sealed class KubernetesDiscoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Nodes_find_each_other_through_the_Kubernetes_API_and_form_a_cluster_without_seed_nodes()
    {
        var ports = new[] { TestPorts.Next(), TestPorts.Next() };
        // Listed out of order: the pod named first (actorvision-0, the second node here) founds the cluster.
        await using var api = await KubernetesApiStandIn.StartAsync(("actorvision-1", ports[0]), ("actorvision-0", ports[1]));
        var discovery = $$"""
            actorvision.node.discovery {
              method = kubernetes
              kubernetes { api-server = "{{api.Url}}", pod-namespace = video, required-pods = 2, stable-margin = 1s, poll-interval = 250ms }
            }
            """;
        var started = DateTime.UtcNow;

        await using var first = await TestNode.StartAsync(discovery, akkaPort: ports[0]);
        await using var second = await TestNode.StartAsync(discovery, akkaPort: ports[1]);
        await Task.WhenAll(MemberUp(first), MemberUp(second)).WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"cluster formed through Kubernetes discovery {(DateTime.UtcNow - started).TotalSeconds:0.0} s after the first node started");
        // Each node is Up in its own view; the other's view follows with the next gossip.
        var expected = new HashSet<int?> { first.AkkaPort, second.AkkaPort };
        await Eventually.GetAsync(
            () => Task.FromResult(Akka.Cluster.Cluster.Get(first.System).State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address.Port).ToHashSet()),
            up => up.SetEquals(expected), TimeSpan.FromSeconds(30), "both nodes up", up => $"up: {string.Join(", ", up)}");
        Assert.Empty(first.System.Settings.Config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Contains("video app=actorvision", api.Requests);
        // The founder is the oldest member, so it is the pod that sorts first.
        var oldest = Akka.Cluster.Cluster.Get(first.System).State.Members.OrderBy(m => m, Member.AgeOrdering).First();
        Assert.Equal(second.AkkaPort, oldest.Address.Port);
    }

    [Fact]
    public async Task Outside_a_pod_without_an_API_server_the_node_says_why_and_stops()
    {
        await using var node = await TestNode.StartAsync("actorvision.node.discovery.method = kubernetes", expectSelfStop: true);

        await node.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(MemberStatus.Up, Akka.Cluster.Cluster.Get(node.System).SelfMember.Status);
    }

    [Fact]
    public async Task A_node_process_that_stops_on_its_own_exits_with_a_failure_code()
    {
        // Outside a pod the node can never join: it stops itself, and its supervisor must see a failure, not a clean exit
        // (a SIGTERM'd node exits 0: ClusterFailoverTests).
        using var node = await NodeProcess.StartAsync("k8s-outside", "actorvision.node.discovery.method = kubernetes", waitUntilHealthy: false);

        var code = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == NodeExit.StoppedOnItsOwn, $"exit code {code}\n{node.Log()}");
        Assert.Contains("stopped on its own", node.Log());
    }

    [Theory]
    [InlineData(null, NodeExit.Requested)]
    [InlineData("clr-exit", NodeExit.Requested)]
    [InlineData("leaving", NodeExit.Requested)]
    [InlineData("downed", NodeExit.StoppedOnItsOwn)]
    [InlineData("unknown", NodeExit.StoppedOnItsOwn)]
    public void The_exit_code_says_whether_the_node_was_asked_to_stop(string? reason, int code)
    {
        CoordinatedShutdown.Reason? why = reason switch
        {
            "clr-exit" => CoordinatedShutdown.ClrExitReason.Instance,
            "leaving" => CoordinatedShutdown.ClusterLeavingReason.Instance,
            "downed" => CoordinatedShutdown.ClusterDowningReason.Instance,
            "unknown" => CoordinatedShutdown.UnknownReason.Instance,
            _ => null,
        };
        Assert.Equal(code, NodeExit.Code(why));
    }

    private static Task MemberUp(TestNode node)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(node.System).RegisterOnMemberUp(() => up.TrySetResult());
        return up.Task;
    }
}
