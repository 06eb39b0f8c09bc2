variable "region" {
  default = "eu-west-1"
    description="where"
}
resource "aws_instance" "web" {
ami = "ami-123456"
  instance_type="t3.micro"
  tags = {
    Name = "web"
      Env="prod"
  }
  count = var.enabled ? 2 : 0
}
locals {
  names = [for s in var.servers : upper(s.name) if s.enabled]
}
