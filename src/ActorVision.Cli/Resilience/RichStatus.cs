using Grpc.Core;

namespace ActorVision.Cli.Resilience;

/// <summary>Reads the google.rpc.Status a node may attach (grpc-status-details-bin), tolerating garbage.</summary>
public static class RichStatus
{
    public static Google.Rpc.Status? Of(RpcException error)
    {
        try
        {
            return error.GetRpcStatus();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
