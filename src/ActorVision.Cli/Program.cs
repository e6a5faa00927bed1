Console.Error.WriteLine("avctl: not built yet"); return 1;
