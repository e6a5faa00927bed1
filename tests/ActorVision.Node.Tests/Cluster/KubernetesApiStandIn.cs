using ActorVision.Tests;
using System.Collections.Concurrent;
using System.Text.Json;
using ActorVision.Node.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>
/// A stand-in for the Kubernetes API server on loopback: it answers pod list requests with the pods the test declares
/// (running, IP 127.0.0.1, a container port named <c>remoting</c>), and records what it was asked.
/// </summary>
public sealed class KubernetesApiStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KubernetesApiStandIn(WebApplication app, int port, IReadOnlyList<(string Name, int RemotingPort)> pods)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}";
        Pods = pods;
    }

    public string Url { get; }

    /// <summary>The pods listed: name and remoting port.</summary>
    public IReadOnlyList<(string Name, int RemotingPort)> Pods { get; }

    /// <summary>"namespace labelSelector" of every pod list request.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<KubernetesApiStandIn> StartAsync(params (string Name, int RemotingPort)[] pods)
    {
        var port = TestPorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new KubernetesApiStandIn(app, port, pods);
        app.MapGet("/api/v1/namespaces/{ns}/pods", (string ns, HttpRequest request) =>
        {
            standIn.Requests.Enqueue($"{ns} {request.Query["labelSelector"]}");
            return Results.Text(standIn.PodList(), "application/json");
        });
        await app.StartAsync();
        return standIn;
    }

    private string PodList() => JsonSerializer.Serialize(new
    {
        apiVersion = "v1",
        kind = "PodList",
        metadata = new { resourceVersion = "1" },
        items = Pods.Select(pod => new
        {
            metadata = new { name = pod.Name, @namespace = "video", labels = new { app = "actorvision" } },
            spec = new
            {
                containers = new[]
                {
                    new { name = "node", ports = new object[] { new { name = "grpc", containerPort = 7070 }, new { name = "remoting", containerPort = pod.RemotingPort } } },
                },
            },
            status = new { phase = "Running", podIP = "127.0.0.1" },
        }),
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
