Console.Error.WriteLine("not yet built");
return 2;
