using System.Globalization;
using System.Text;

namespace ActorVision.Tests;

/// <summary>One sample of a Prometheus text exposition: metric name, labels, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A parsed <c>/metrics</c> answer (text format 0.0.4), with lookups by name and labels.</summary>
public sealed class PrometheusScrape
{
    private PrometheusScrape(IReadOnlyList<PrometheusSample> samples, string text)
    {
        Samples = samples;
        Text = text;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }
    public string Text { get; }

    public static async Task<PrometheusScrape> FetchAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        return Parse(text);
    }

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            samples.Add(ParseLine(line));
        }
        return new PrometheusScrape(samples, text);
    }

    /// <summary>Samples of <paramref name="name"/> whose labels include every given pair.</summary>
    public IEnumerable<PrometheusSample> Find(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    /// <summary>The sum of the matching samples (0 when there are none).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Find(name, labels).Sum(s => s.Value);

    private static PrometheusSample ParseLine(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{');
        string name;
        int rest;
        if (brace < 0)
        {
            var space = line.IndexOf(' ');
            name = line[..space];
            rest = space;
        }
        else
        {
            name = line[..brace];
            var i = brace + 1;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var key = line[i..eq].Trim(',', ' ');
                var value = new StringBuilder();
                var j = eq + 2; // past ="
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }
                labels[key] = value.ToString();
                i = j + 1;
                if (line[i] == ',') i++;
            }
            rest = i + 1;
        }
        var fields = line[rest..].Trim().Split(' ');
        var number = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v => double.Parse(v, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }
}
