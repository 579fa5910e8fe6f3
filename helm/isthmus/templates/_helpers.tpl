{{/* The release's name prefix of every object, cut to fit Kubernetes' 63-character names. */}}
{{- define "isthmus.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The object name of one service: <fullname>-<service>. Call with (dict "root" $ "service" $name). */}}
{{- define "isthmus.serviceName" -}}
{{- printf "%s-%s" (include "isthmus.fullname" .root) .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "isthmus.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: isthmus
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* Every pod of the release. */}}
{{- define "isthmus.releaseSelector" -}}
app.kubernetes.io/part-of: isthmus
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The pods of one service. Call with (dict "root" $ "service" $name). */}}
{{- define "isthmus.selectorLabels" -}}
{{ include "isthmus.releaseSelector" .root }}
app.kubernetes.io/name: {{ .service }}
{{- end -}}

{{/* <registry>/<repository>/<service>:<tag>. Call with (dict "root" $ "service" $name). */}}
{{- define "isthmus.image" -}}
{{- $image := .root.Values.image -}}
{{- $tag := default .root.Chart.AppVersion $image.tag -}}
{{- if $image.registry -}}
{{- printf "%s/%s/%s:%s" $image.registry $image.repository .service $tag -}}
{{- else -}}
{{- printf "%s/%s:%s" $image.repository .service $tag -}}
{{- end -}}
{{- end -}}

{{/* Services that keep state in PostgreSQL and talk to Kafka (all but the gateway). */}}
{{- define "isthmus.usesPlatform" -}}
{{- if ne . "gateway-service" }}true{{ end -}}
{{- end -}}

{{/* A list of NetworkPolicyPeers as the "from"/"to" of a rule, on a line of its own at the given indent; nothing
when the list is empty (any peer). Call with (dict "key" "from" "peers" $list "indent" 6). */}}
{{- define "isthmus.peers" -}}
{{- if .peers }}
{{ .key | indent .indent }}:{{ toYaml .peers | nindent (add .indent 2 | int) }}
{{- end }}
{{- end -}}
