import Node
