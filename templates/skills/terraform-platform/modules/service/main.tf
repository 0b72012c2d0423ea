variable "name" {
  type = string
}

variable "namespace" {
  type = string
}

variable "port" {
  type = number
}

variable "replicas" {
  type = number
}

variable "image" {
  type = string
}

# The service's identity: Istio issues its mTLS certificate for this service account.
resource "kubernetes_service_account" "this" {
  metadata {
    name      = var.name
    namespace = var.namespace
    labels = {
      app = var.name
    }
  }
}

resource "kubernetes_config_map" "this" {
  metadata {
    name      = "${var.name}-config"
    namespace = var.namespace
  }
  data = {
    PORT     = tostring(var.port)
    IMAGE    = var.image
    REPLICAS = tostring(var.replicas)
  }
}

output "service_account" {
  value = kubernetes_service_account.this.metadata[0].name
}
