import type { ColumnSpec } from './columns';

/**
 * The spreadsheet columns of each archive, in the order exports write them. Fields are those of
 * the archive API (domain/archives); headers are what a Chinese service team calls them.
 */
export const IMPORT_KINDS = ['customers', 'projects', 'sites', 'assets'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const EXPORT_KINDS = [...IMPORT_KINDS, 'providers', 'tickets'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const id = (zh: string, aliases: string[] = []): ColumnSpec => ({ field: 'id', zh, en: 'ID', type: 'text', aliases: ['编号', ...aliases] });
const text = (field: string, zh: string, en: string, aliases: string[] = []): ColumnSpec => ({ field, zh, en, type: 'text', aliases });
const region: ColumnSpec = text('region', '大区', 'Region', ['区域', '片区']);
const province: ColumnSpec = text('province', '省份', 'Province', ['省', '省/直辖市']);
const city: ColumnSpec = text('city', '城市', 'City', ['市']);
const customerId: ColumnSpec = text('customerId', '客户编号', 'Customer ID', ['客户ID', '客户', '所属客户', '业主']);
const projectId: ColumnSpec = text('projectId', '工程编号', 'Project ID', ['项目编号', '工程ID', '项目ID', '所属工程']);

export const ARCHIVE_COLUMNS: Record<Exclude<ExportKind, 'tickets'>, readonly ColumnSpec[]> = {
  customers: [
    id('客户编号', ['客户ID']),
    text('name', '客户名称', 'Name', ['名称', '客户', '姓名']),
    {
      field: 'type',
      zh: '客户类型',
      en: 'Type',
      type: 'enum',
      aliases: ['类型'],
      labels: { 企业: 'company', 公司: 'company', 单位: 'company', 个人: 'person', 个体: 'person' },
    },
    {
      field: 'tier',
      zh: '客户等级',
      en: 'Tier',
      type: 'enum',
      aliases: ['等级', '级别', 'VIP'],
      labels: { 普通: 'standard', 标准: 'standard', VIP: 'vip', 贵宾: 'vip', 高级: 'premium', 尊享: 'premium' },
    },
    text('phone', '电话', 'Phone', ['手机', '手机号', '联系电话']),
    text('email', '邮箱', 'Email', ['电子邮件', 'E-mail']),
    text('fax', '传真', 'Fax'),
    region,
    province,
    city,
    { field: 'addresses', zh: '地址', en: 'Addresses', type: 'json', aliases: ['地址列表'] },
    { field: 'contacts', zh: '联系人', en: 'Contacts', type: 'json', aliases: ['联系人列表'] },
    { field: 'tags', zh: '标签', en: 'Tags', type: 'list' },
  ],
  projects: [
    id('工程编号', ['项目编号', '工程ID']),
    text('name', '工程名称', 'Name', ['项目名称', '名称']),
    customerId,
    region,
    province,
    { field: 'amount', zh: '金额', en: 'Amount', type: 'number', aliases: ['工程金额', '合同金额', '金额(元)'] },
    {
      field: 'status',
      zh: '状态',
      en: 'Status',
      type: 'enum',
      aliases: ['工程状态'],
      labels: {
        计划中: 'planned',
        规划: 'planned',
        进行中: 'active',
        在建: 'active',
        已完工: 'completed',
        完工: 'completed',
        已取消: 'cancelled',
      },
    },
    { field: 'startedOn', zh: '开工日期', en: 'Started on', type: 'date', aliases: ['开始日期'] },
    { field: 'completedOn', zh: '竣工日期', en: 'Completed on', type: 'date', aliases: ['完工日期', '结束日期'] },
  ],
  sites: [
    id('安装点编号', ['站点编号', '安装点ID']),
    text('name', '安装点名称', 'Name', ['名称', '站点名称']),
    customerId,
    projectId,
    region,
    province,
    city,
    text('district', '区县', 'District', ['区', '县']),
    text('address', '详细地址', 'Address', ['地址']),
    { field: 'lat', zh: '纬度', en: 'Latitude', type: 'number', aliases: ['lat'] },
    { field: 'lng', zh: '经度', en: 'Longitude', type: 'number', aliases: ['lng', 'lon'] },
    text('contactName', '联系人', 'Contact', ['现场联系人']),
    text('contactPhone', '联系电话', 'Contact phone', ['联系人电话']),
    { field: 'photos', zh: '照片', en: 'Photos', type: 'list', aliases: ['照片链接'] },
    {
      field: 'status',
      zh: '状态',
      en: 'Status',
      type: 'enum',
      aliases: ['安装点状态'],
      labels: { 规划中: 'planned', 在用: 'active', 正常: 'active', 故障: 'fault', 停用: 'inactive' },
    },
  ],
  assets: [
    id('设备编号', ['资产编号', '设备ID']),
    text('serialNo', '序列号', 'Serial number', ['SN', '出厂编号', '机身号']),
    text('model', '型号', 'Model', ['产品型号', '设备型号']),
    text('sku', 'SKU', 'SKU', ['物料编码', '商品编码']),
    text('name', '设备名称', 'Name', ['名称', '产品名称']),
    customerId,
    projectId,
    text('siteId', '安装点编号', 'Site ID', ['安装点', '安装点ID', '站点编号']),
    { field: 'producedOn', zh: '生产日期', en: 'Produced on', type: 'date', aliases: ['出厂日期'] },
    { field: 'installedOn', zh: '安装日期', en: 'Installed on', type: 'date' },
    { field: 'warrantyEndsOn', zh: '保修截止', en: 'Warranty ends on', type: 'date', aliases: ['保修到期', '保修截止日期', '质保到期'] },
    {
      field: 'status',
      zh: '状态',
      en: 'Status',
      type: 'enum',
      aliases: ['设备状态'],
      labels: {
        库存: 'in_stock',
        在用: 'in_service',
        运行: 'in_service',
        故障: 'faulty',
        维修中: 'under_repair',
        已报废: 'retired',
        报废: 'retired',
      },
    },
    { field: 'attributes', zh: '扩展属性', en: 'Attributes', type: 'json', aliases: ['属性'] },
  ],
  providers: [
    id('服务商编号', ['服务商ID']),
    text('name', '服务商名称', 'Name', ['名称']),
    { field: 'kind', zh: '类型', en: 'Kind', type: 'enum', labels: { 服务商: 'provider', 代理商: 'agent' } },
    { field: 'regions', zh: '服务区域', en: 'Regions', type: 'list', aliases: ['区域'] },
    { field: 'skills', zh: '技能', en: 'Skills', type: 'list', aliases: ['服务技能'] },
    text('contactName', '联系人', 'Contact'),
    text('contactPhone', '联系电话', 'Contact phone'),
    text('email', '邮箱', 'Email'),
    { field: 'active', zh: '启用', en: 'Active', type: 'bool', aliases: ['是否启用'] },
  ],
};

/** The ticket export: the list's columns, as a service desk reads them. */
export const TICKET_COLUMNS: readonly ColumnSpec[] = [
  text('ticketId', '工单号', 'Ticket'),
  text('status', '状态', 'Status'),
  text('priority', '优先级', 'Priority'),
  text('channel', '渠道', 'Channel'),
  text('customerId', '客户编号', 'Customer ID'),
  text('orderId', '订单号', 'Order ID'),
  text('assetId', '设备编号', 'Asset ID'),
  text('sku', 'SKU', 'SKU'),
  text('category1', '一级分类', 'Category'),
  text('category2', '二级分类', 'Reason'),
  text('category3', '三级分类', 'Detail'),
  text('region', '区域', 'Region'),
  text('entitlement', '服务权益', 'Entitlement'),
  text('assigneeId', '处理人', 'Assignee'),
  text('groupId', '处理组', 'Group'),
  text('providerId', '服务商', 'Provider'),
  text('description', '问题描述', 'Description'),
  text('createdAt', '创建时间', 'Created at'),
  text('frtDueAt', '首次响应截止', 'First response due'),
  text('ttrDueAt', '解决截止', 'Resolution due'),
  { field: 'slaBreached', zh: 'SLA 已超时', en: 'SLA breached', type: 'bool' },
  text('resolvedAt', '解决时间', 'Resolved at'),
  text('closedAt', '关闭时间', 'Closed at'),
];
