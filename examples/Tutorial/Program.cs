System.Console.WriteLine("NetDsl tutorial");
