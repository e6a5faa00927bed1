using System.Text;
using ActorVision.Protocol.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace ActorVision.Node.Tests.Jobs;

/// <summary>The Jobs API of one node, with the waits the tests need (a condition polled until a deadline).</summary>
public sealed class JobsClient : IDisposable
{
    private readonly GrpcChannel _channel;

    public JobsClient(Uri address, string? apiKey = null)
    {
        _channel = GrpcChannel.ForAddress(address);
        var invoker = _channel.CreateCallInvoker();
        Api = new ActorVision.Protocol.V1.Jobs.JobsClient(apiKey is null ? invoker : invoker.Intercept(headers =>
        {
            headers.Add("x-api-key", apiKey);
            return headers;
        }));
    }

    public ActorVision.Protocol.V1.Jobs.JobsClient Api { get; }

    public static JobSpec Spec(string input, bool everyFrame = true, params string[] models)
    {
        var spec = new JobSpec { Input = input, EveryFrame = everyFrame };
        spec.Models.AddRange(models.Length == 0 ? ["motion"] : models);
        // A vertical line across the middle: the box crosses it once per pass (every 5 s).
        spec.Rules.Add(new Rule { Id = "door", Name = "Door", LineCrossing = new LineCrossingRule { A = new Point { X = 0.5f, Y = 0.05f }, B = new Point { X = 0.5f, Y = 0.95f } } });
        return spec;
    }

    /// <summary>Submits, retrying while the node answers Unavailable (as avctl does): the request id makes retries safe.</summary>
    public async Task<Job> SubmitAsync(JobSpec spec, string? requestId = null)
    {
        var request = new SubmitJobRequest { Spec = spec, RequestId = requestId ?? Guid.NewGuid().ToString("N") };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await Api.SubmitJobAsync(request);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline) { }
        }
    }

    public async Task<Job> GetAsync(string jobId) => await Api.GetJobAsync(new JobIdRequest { JobId = jobId });

    /// <summary>Asks until <paramref name="until"/> holds (tolerating a failover's Unavailable answers), or fails after <paramref name="timeout"/>.</summary>
    public async Task<Job> WaitAsync(string jobId, Func<Job, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Job? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await GetAsync(jobId);
                if (until(last)) return last;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"job {jobId} did not get there within {timeout}; last seen: {last}");
    }

    public Task<Job> WaitFinishedAsync(string jobId, TimeSpan timeout) =>
        WaitAsync(jobId, j => j.State is JobState.Completed or JobState.Failed or JobState.Cancelled, timeout);

    public async Task<string> ResultsAsync(string jobId, ResultFormat format)
    {
        using var call = Api.GetJobResults(new JobResultsRequest { JobId = jobId, Format = format });
        var text = new StringBuilder();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync()) text.Append(chunk.Data.ToStringUtf8());
        return text.ToString();
    }

    public void Dispose() => _channel.Dispose();
}
