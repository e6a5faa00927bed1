Console.Error.WriteLine("benchmarks: none yet"); return 1;
