namespace ActorVision.Cluster.Hosting;

/// <summary>A running pod of the cluster: its name, IP and the port its node's Akka remoting listens on.</summary>
public sealed record KubernetesPod(string Name, string Ip, int RemotingPort);
