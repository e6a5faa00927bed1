using ActorVision.Cluster.Hosting;
using k8s.Models;

namespace ActorVision.Cluster.Hosting.Tests;

public sealed class KubernetesPodsTests
{
    [Fact]
    public void Only_running_pods_with_an_IP_and_a_remoting_port_are_seed_candidates_ordered_by_name()
    {
        var pods = new V1PodList
        {
            Items =
            [
                Pod("actorvision-2", "Running", "10.0.0.12", 4053),
                Pod("actorvision-0", "Running", "10.0.0.10", 4053),
                Pod("actorvision-1", "Pending", "10.0.0.11", 4053),
                Pod("actorvision-3", "Running", null, 4053),
                Pod("actorvision-4", "Running", "10.0.0.14", null),
                Pod("actorvision-5", "Running", "10.0.0.15", 4053, deleting: true),
            ],
        };

        var running = KubernetesPods.Running(pods, "remoting");

        Assert.Equal(
            [new KubernetesPod("actorvision-0", "10.0.0.10", 4053), new KubernetesPod("actorvision-2", "10.0.0.12", 4053)],
            running);
    }

    private static V1Pod Pod(string name, string phase, string? ip, int? remotingPort, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, DeletionTimestamp = deleting ? DateTime.UtcNow : null },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "node",
                    Ports = remotingPort is { } port
                        ? [new V1ContainerPort { Name = "grpc", ContainerPort = 7070 }, new V1ContainerPort { Name = "remoting", ContainerPort = port }]
                        : [new V1ContainerPort { Name = "grpc", ContainerPort = 7070 }],
                },
            ],
        },
        Status = new V1PodStatus { Phase = phase, PodIP = ip },
    };
}
