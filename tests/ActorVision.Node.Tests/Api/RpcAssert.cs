using Google.Rpc;
using Grpc.Core;

namespace ActorVision.Node.Tests.Api;

public static class RpcAssert
{
    public static async Task<RpcException> FailsAsync(StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(expected == error.StatusCode, $"expected {expected}, got {error.StatusCode}: {error.Status.Detail}");
        return error;
    }

    public static Task<RpcException> FailsAsync<T>(StatusCode expected, Func<AsyncUnaryCall<T>> call) =>
        FailsAsync(expected, async () => await call());

    /// <summary>The google.rpc.BadRequest field paths of an InvalidArgument.</summary>
    public static IReadOnlyList<string> FieldViolations(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToArray() ?? [];
}
