namespace AgentConsole.Tests.Features.Policies.Samples;

/// <summary>Output of <c>kubectl diff</c>, one object per sample (headers carry tabs, as diff writes them).</summary>
internal static class KubernetesSamples
{
    /// <summary>A Deployment whose container image changes (two hunks).</summary>
    public const string ChangedImage = """
        diff -u -N /tmp/LIVE-2405734339/apps.v1.Deployment.shop.web /tmp/MERGED-3297473046/apps.v1.Deployment.shop.web
        --- /tmp/LIVE-2405734339/apps.v1.Deployment.shop.web	2025-03-14 09:12:01.412345678 +0000
        +++ /tmp/MERGED-3297473046/apps.v1.Deployment.shop.web	2025-03-14 09:12:01.413345678 +0000
        @@ -5,7 +5,7 @@
           annotations:
             deployment.kubernetes.io/revision: "7"
           creationTimestamp: "2025-01-02T10:00:00Z"
        -  generation: 7
        +  generation: 8
           labels:
             app: web
           name: web
        @@ -31,7 +31,7 @@
                 app: web
             spec:
               containers:
        -      - image: registry.acme.io/shop/web:1.41.0
        +      - image: registry.acme.io/shop/web:1.42.0
                 imagePullPolicy: IfNotPresent
                 name: web
                 ports:
        """;

    /// <summary>A ConfigMap that does not exist yet: the live side is empty.</summary>
    public const string AddedConfigMap = """
        diff -u -N /tmp/LIVE-2405734339/v1.ConfigMap.shop.web-config /tmp/MERGED-3297473046/v1.ConfigMap.shop.web-config
        --- /tmp/LIVE-2405734339/v1.ConfigMap.shop.web-config	1970-01-01 00:00:00.000000000 +0000
        +++ /tmp/MERGED-3297473046/v1.ConfigMap.shop.web-config	2025-03-14 09:12:01.413345678 +0000
        @@ -0,0 +1,11 @@
        +apiVersion: v1
        +data:
        +  FEATURE_FLAGS: checkout-v2
        +  LOG_LEVEL: info
        +kind: ConfigMap
        +metadata:
        +  creationTimestamp: "2025-03-14T09:12:01Z"
        +  name: web-config
        +  namespace: shop
        +  resourceVersion: "991"
        +  uid: 6f1c2a8e-4b7d-4e1a-9c3f-2d5e8a7b9c01
        """;

    /// <summary>A Namespace that <c>kubectl diff --prune</c> would delete: the merged side is empty.</summary>
    public const string DeletedNamespace = """
        diff -u -N /tmp/LIVE-2405734339/v1.Namespace..legacy /tmp/MERGED-3297473046/v1.Namespace..legacy
        --- /tmp/LIVE-2405734339/v1.Namespace..legacy	2025-03-14 09:12:01.412345678 +0000
        +++ /tmp/MERGED-3297473046/v1.Namespace..legacy	1970-01-01 00:00:00.000000000 +0000
        @@ -1,14 +0,0 @@
        -apiVersion: v1
        -kind: Namespace
        -metadata:
        -  creationTimestamp: "2023-06-01T08:00:00Z"
        -  labels:
        -    kubernetes.io/metadata.name: legacy
        -  name: legacy
        -  resourceVersion: "412"
        -  uid: 0b7e6d1c-2f3a-4c5b-8e9d-1a2b3c4d5e6f
        -spec:
        -  finalizers:
        -  - kubernetes
        -status:
        -  phase: Active
        """;

    /// <summary>A Deployment whose spec.selector changes, which the API server refuses in place.</summary>
    public const string ChangedSelector = """
        diff -u -N /tmp/LIVE-2405734339/apps.v1.Deployment.shop.api /tmp/MERGED-3297473046/apps.v1.Deployment.shop.api
        --- /tmp/LIVE-2405734339/apps.v1.Deployment.shop.api	2025-03-14 09:12:01.412345678 +0000
        +++ /tmp/MERGED-3297473046/apps.v1.Deployment.shop.api	2025-03-14 09:12:01.413345678 +0000
        @@ -17,7 +17,7 @@
           revisionHistoryLimit: 10
           selector:
             matchLabels:
        -      app: api
        +      app: api-v2
           strategy:
             rollingUpdate:
               maxSurge: 25%
        @@ -27,7 +27,7 @@
           template:
             metadata:
               labels:
        -        app: api
        +        app: api-v2
             spec:
               containers:
               - image: registry.acme.io/shop/api:3.0.0
        """;

    /// <summary>A StatefulSet scaled to zero; its unchanged selector is context, not a change.</summary>
    public const string ScaledToZero = """
        diff -u -N /tmp/LIVE-2405734339/apps.v1.StatefulSet.shop.cache /tmp/MERGED-3297473046/apps.v1.StatefulSet.shop.cache
        --- /tmp/LIVE-2405734339/apps.v1.StatefulSet.shop.cache	2025-03-14 09:12:01.412345678 +0000
        +++ /tmp/MERGED-3297473046/apps.v1.StatefulSet.shop.cache	2025-03-14 09:12:01.413345678 +0000
        @@ -12,7 +12,7 @@
         spec:
           persistentVolumeClaimRetentionPolicy:
             whenDeleted: Retain
        -  replicas: 3
        +  replicas: 0
           revisionHistoryLimit: 10
           selector:
             matchLabels:
        """;

    /// <summary>A PersistentVolumeClaim being deleted.</summary>
    public const string DeletedClaim = """
        diff -u -N /tmp/LIVE-2405734339/v1.PersistentVolumeClaim.shop.data-cache-0 /tmp/MERGED-3297473046/v1.PersistentVolumeClaim.shop.data-cache-0
        --- /tmp/LIVE-2405734339/v1.PersistentVolumeClaim.shop.data-cache-0	2025-03-14 09:12:01.412345678 +0000
        +++ /tmp/MERGED-3297473046/v1.PersistentVolumeClaim.shop.data-cache-0	1970-01-01 00:00:00.000000000 +0000
        @@ -1,17 +0,0 @@
        -apiVersion: v1
        -kind: PersistentVolumeClaim
        -metadata:
        -  labels:
        -    app: cache
        -  name: data-cache-0
        -  namespace: shop
        -spec:
        -  accessModes:
        -  - ReadWriteOnce
        -  resources:
        -    requests:
        -      storage: 20Gi
        -  storageClassName: gp3
        -  volumeMode: Filesystem
        -status:
        -  phase: Bound
        """;

    /// <summary>A Service selector change: Services may change their selector in place.</summary>
    public const string ChangedServiceSelector = """
        diff -u -N /tmp/LIVE-2405734339/v1.Service.shop.web /tmp/MERGED-3297473046/v1.Service.shop.web
        --- /tmp/LIVE-2405734339/v1.Service.shop.web	2025-03-14 09:12:01.412345678 +0000
        +++ /tmp/MERGED-3297473046/v1.Service.shop.web	2025-03-14 09:12:01.413345678 +0000
        @@ -20,8 +20,8 @@
             protocol: TCP
             targetPort: 8080
           selector:
        -    app: web
        +    app: web-v2
           sessionAffinity: None
           type: ClusterIP
         status:
           loadBalancer: {}
        """;

    /// <summary>A Job whose pod template changes: immutable, so the Job must be recreated.</summary>
    public const string ChangedJobTemplate = """
        diff -u -N /tmp/LIVE-2405734339/batch.v1.Job.shop.migrate-db /tmp/MERGED-3297473046/batch.v1.Job.shop.migrate-db
        --- /tmp/LIVE-2405734339/batch.v1.Job.shop.migrate-db	2025-03-14 09:12:01.412345678 +0000
        +++ /tmp/MERGED-3297473046/batch.v1.Job.shop.migrate-db	2025-03-14 09:12:01.413345678 +0000
        @@ -4,7 +4,7 @@
           annotations:
             batch.kubernetes.io/job-tracking: ""
           creationTimestamp: "2025-03-10T06:00:00Z"
        -  generation: 1
        +  generation: 2
           labels:
             app: migrate-db
           name: migrate-db
        @@ -40,7 +40,7 @@
                 batch.kubernetes.io/job-name: migrate-db
             spec:
               containers:
        -      - image: registry.acme.io/shop/migrations:2025.03.1
        +      - image: registry.acme.io/shop/migrations:2025.03.2
                 imagePullPolicy: IfNotPresent
                 name: migrate
                 resources: {}
        """;

    /// <summary>Everything above in one <c>kubectl diff</c>, in kubectl's order.</summary>
    public const string FullDiff = ChangedImage + "\n" + AddedConfigMap + "\n" + DeletedNamespace + "\n" + ChangedSelector + "\n"
        + ScaledToZero + "\n" + DeletedClaim + "\n" + ChangedServiceSelector + "\n" + ChangedJobTemplate + "\n";

    public const string Manifest = """
        # Rendered by: helm template shop ./charts/shop
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels:
            app.kubernetes.io/name: web
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: registry.acme.io/shop/web:1.42.0
                  ports:
                    - containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            app: web
          ports:
            - port: 80
              targetPort: 8080
        ---
        # Source: shop/templates/empty.yaml
        """;

    public const string ListManifest = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: web-config
            namespace: shop
        - apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: worker
            namespace: shop
          spec:
            replicas: 0
        """;
}
