using ActorVision.Tests;
using Akka.Cluster;
using ActorVision.Node.Tests.Support;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>Akka remoting over mutual TLS between real nodes on loopback, with certificates made by the test.</summary>
public sealed class RemoteTlsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Nodes_with_certificates_from_the_cluster_CA_form_a_cluster_and_a_node_from_another_CA_is_refused()
    {
        using var authority = new TestCertificateAuthority("ActorVision test cluster CA");
        using var rogueAuthority = new TestCertificateAuthority("Someone else's CA");
        var firstPort = TestPorts.Next();
        var seed = $"akka.ssl.tcp://actorvision@127.0.0.1:{firstPort}";
        string Tls(TestCertificateAuthority issuer, string name) => $$"""
            actorvision.node.seed-nodes = ["{{seed}}"]
            actorvision.node.tls {
              enabled = on
              certificate = "{{issuer.IssueNodeCertificate(name, "secret-" + name)}}"
              certificate-password = "secret-{{name}}"
              trusted-ca = "{{authority.CertificatePath}}"
            }
            """;

        await using var first = await TestNode.StartAsync(Tls(authority, "node-a"), akkaPort: firstPort);
        await using var second = await TestNode.StartAsync(Tls(authority, "node-b"));
        await MemberUp(second).WaitAsync(Patience);

        var members = Akka.Cluster.Cluster.Get(first.System).State.Members;
        Assert.Equal(2, members.Count(m => m.Status == MemberStatus.Up));
        Assert.True(first.System.Settings.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));

        // A node whose certificate another CA signed: the cluster's TLS handshake refuses it, so it never becomes a member.
        var refused = SystemWarnings.WaitFor(first.System, m => m.Contains("does not chain to the cluster CA"));
        await using var rogue = await TestNode.StartAsync(Tls(rogueAuthority, "node-x"));
        var warning = await refused.WaitAsync(Patience);

        Assert.Contains("CN=node-x", warning);
        Assert.DoesNotContain(Akka.Cluster.Cluster.Get(first.System).State.Members, m => m.Address.Port == rogue.AkkaPort);
        Assert.False(Akka.Cluster.Cluster.Get(rogue.System).SelfMember.Status == MemberStatus.Up);
    }

    [Fact]
    public async Task A_node_whose_certificate_from_the_cluster_CA_does_not_name_its_address_is_refused()
    {
        using var authority = new TestCertificateAuthority("ActorVision test cluster CA");
        var firstPort = TestPorts.Next();
        var seed = $"akka.ssl.tcp://actorvision@127.0.0.1:{firstPort}";
        // validate-hostname is on by default: the seed dials 127.0.0.1, whose certificate must name it.
        string Tls(string name, bool namesLoopback) => $$"""
            actorvision.node.seed-nodes = ["{{seed}}"]
            actorvision.node.tls {
              enabled = on
              certificate = "{{authority.IssueNodeCertificate(name, "secret-" + name, namesLoopback)}}"
              certificate-password = "secret-{{name}}"
              trusted-ca = "{{authority.CertificatePath}}"
            }
            """;

        await using var first = await TestNode.StartAsync(Tls("node-a", namesLoopback: false), akkaPort: firstPort);

        // The joining node checks the name on the connection it opens and refuses the handshake; Akka then stops a
        // node whose TLS handshake failed rather than let it run outside its cluster. A separate process, since it
        // may stop before or after it answers /healthz.
        var folder = Directory.CreateTempSubdirectory("av-tls-name-").FullName;
        try
        {
            using var second = await NodeProcess.StartAsync("tls-name", Tls("node-b", namesLoopback: true), folder: folder);
            await Eventually.GetAsync(() => Task.FromResult(second.IsRunning), running => !running, Patience, "the misnamed node stops");
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("exited with", StringComparison.Ordinal))
        {
            // It stopped before it answered /healthz.
        }

        // The last lines may still be on their way from the exited process's pipes.
        var log = await Eventually.GetAsync(() => File.ReadAllTextAsync(Path.Combine(folder, "node.log")),
            text => text.Contains("TlsHandshakeFailureReason"), TimeSpan.FromSeconds(10), "the handshake failure in the node's log");
        Assert.Contains("CN=node-a", log);
        Assert.Contains("does not name that host", log);
        Assert.Single(Akka.Cluster.Cluster.Get(first.System).State.Members);
        Directory.Delete(folder, recursive: true);
    }

    private static Task MemberUp(TestNode node)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(node.System).RegisterOnMemberUp(() => up.TrySetResult());
        return up.Task;
    }
}
